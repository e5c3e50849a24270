"""Words for the demo school: names, phrases for profiles, targets, provision and professionals.

Pure data, read by `plan.py`. Nothing here is a real person. Phone numbers are from Ofcom's ranges
reserved for drama (07700 900xxx, 0115 496 0xxx); email addresses use the reserved `.example` domain.
"""

SCHOOL_NAME = "Oakfield All-Through Academy"
SCHOOL_ADDRESS = "Oakfield Lane\nSherwood\nNottingham"
SCHOOL_PHONE = "0115 496 0000"
SCHOOL_EMAIL = "office@demo.school.example"
# Made-up local services for the demo area (a school lists its own in the admin site).
LOCAL_SERVICES = [
    {
        "name": "Oakfield SENDIASS",
        "what_they_do": "Free, confidential advice about SEND for parents and young people in our area. They can "
        "come to meetings with you.",
        "phone": "0115 496 0500",
        "website": "https://sendiass.demo.example",
        "kind": "sendiass",
        "order": 1,
    },
    {
        "name": "The Local Offer",
        "what_they_do": "The council's guide to every SEND service near you: health, social care, short breaks, "
        "clubs and transport.",
        "website": "https://localoffer.demo.example",
        "order": 2,
    },
    {
        "name": "Oakfield Parent Carer Forum",
        "what_they_do": "Parents of children with SEND who meet each month, share tips and speak up for families.",
        "email": "forum@demo.example",
        "kind": "parent_carer_forum",
        "order": 3,
    },
    {
        "name": "Oakfield Citizens Advice",
        "what_they_do": "Free advice on benefits (including Disability Living Allowance), debt, work and housing.",
        "phone": "0115 496 0620",
        "opening_times": "Monday to Friday, 9.30am to 4pm",
        "kind": "citizens_advice",
        "order": 4,
    },
    {
        "name": "Oakfield Early Help Team",
        "what_they_do": "Family support workers who help with routines, sleep, behaviour and getting other help.",
        "phone": "0115 496 0700",
        "kind": "early_help",
        "order": 5,
    },
    {
        "name": "Oakfield Autism Family Group",
        "what_they_do": "A volunteer-run group for families of autistic children: monthly meet-ups and a helpline.",
        "email": "hello@autismgroup.demo.example",
        "needs": ["ASD"],
        "kind": "voluntary",
        "order": 6,
    },
]
STAFF_DOMAIN = "demo.school.example"
TOWN = "Nottingham"

# Classes and forms. Primary (Reception to Year 6) has one class a year, named after a tree; the secondary
# phase has two tutor groups a year; the sixth form one per year.
PRIMARY_CLASSES = {0: "R Acorn", 1: "1 Beech", 2: "2 Cedar", 3: "3 Hazel", 4: "4 Larch", 5: "5 Maple", 6: "6 Rowan"}
SECONDARY_FORMS = {year: [f"{year}B", f"{year}R"] for year in range(7, 12)} | {12: ["12S"], 13: ["13S"]}

# Pupils on the register in each year group (150 in all), and how many are on SEN support (K),
# have an EHC plan (E) or are being monitoring (M).
PUPILS_PER_YEAR = {0: 4, 1: 6, 2: 8, 3: 9, 4: 9, 5: 10, 6: 10, 7: 18, 8: 18, 9: 17, 10: 17, 11: 15, 12: 5, 13: 4}
STATUS_COUNTS = {"K": 100, "E": 20, "M": 30}
PAST_PUPILS = 8
SIBLING_GROUPS = (3, 3, 3) + (2,) * 17  # 20 families with two or three children on the register

# (title, first, last, role, job title, email local part, kind, years they work with)
# kind decides what they do for pupils: teacher (a class or form), ta, pastoral, elsa, senco; None for no pupils.
PRIMARY = tuple(range(0, 7))
SECONDARY = tuple(range(7, 14))
STAFF = [
    ("Mrs", "Rachel", "Whitfield", "senco", "SENCO and assistant headteacher", "senco", "senco", PRIMARY + SECONDARY),
    ("Mr", "David", "Okafor", "head", "Headteacher", "head", None, ()),
    ("Mrs", "Margaret", "Lowe", "head", "SEN governor", "governor", None, ()),
    ("Mrs", "Julie", "Hargreaves", "office", "Office manager", "office", None, ()),
    ("Miss", "Priya", "Shah", "office", "Receptionist", "reception", None, ()),
    ("Mr", "Tom", "Bradley", "staff", "Head of pastoral care (secondary)", "pastoral", "pastoral", SECONDARY),
    ("Mrs", "Leanne", "Fisher", "staff", "Learning mentor and ELSA (primary)", "l.fisher", "pastoral", PRIMARY),
    ("Miss", "Dawn", "Ellis", "staff", "Teaching assistant and ELSA (secondary)", "d.ellis", "elsa", SECONDARY),
    ("Mrs", "Karen", "Dobson", "staff", "Teaching assistant (Key Stage 2)", "ta", "ta", (3, 4, 5, 6)),
    (
        "Mrs",
        "Aleksandra",
        "Nowicka",
        "staff",
        "Teaching assistant (Reception and Key Stage 1)",
        "a.nowicka",
        "ta",
        (0, 1, 2),
    ),
    (
        "Ms",
        "Michelle",
        "Price",
        "staff",
        "Higher level teaching assistant (speech and language)",
        "m.price",
        "ta",
        (1, 2, 4, 5, 7),
    ),
    ("Mr", "Gary", "Holt", "staff", "Teaching assistant (Years 7 to 9)", "g.holt", "ta", (7, 8, 9)),
    ("Mrs", "Shazia", "Begum", "staff", "Teaching assistant (Years 10 to 13)", "s.begum", "ta", (10, 11, 12, 13)),
]
# Class teachers and form tutors: (title, first, last, subject, email local part, class or form).
TEACHERS = [
    ("Miss", "Hollie", "Barker", "Reception class teacher", "h.barker", "R Acorn"),
    ("Mrs", "Anita", "Sharma", "Year 1 class teacher", "a.sharma", "1 Beech"),
    ("Mr", "Luke", "Jennings", "Year 2 class teacher", "l.jennings", "2 Cedar"),
    ("Mrs", "Claire", "Robson", "Year 3 class teacher", "class.teacher", "3 Hazel"),
    ("Mr", "Owen", "Pritchard", "Year 4 class teacher", "o.pritchard", "4 Larch"),
    ("Miss", "Zoe", "Fenwick", "Year 5 class teacher", "z.fenwick", "5 Maple"),
    ("Mr", "Marcus", "Webb", "Year 6 class teacher", "m.webb", "6 Rowan"),
    ("Ms", "Sophie", "Marsh", "Teacher of science", "s.marsh", "7B"),
    ("Mr", "Daniel", "Osei", "Teacher of maths", "d.osei", "7R"),
    ("Mrs", "Emma", "Doyle", "Teacher of geography", "e.doyle", "8B"),
    ("Mr", "James", "Kirkland", "Teacher of English", "form.tutor", "8R"),
    ("Miss", "Natalie", "Greaves", "Teacher of art", "n.greaves", "9B"),
    ("Mr", "Robert", "Lindsay", "Teacher of PE", "r.lindsay", "9R"),
    ("Mrs", "Fatima", "Malik", "Teacher of maths", "f.malik", "10B"),
    ("Mr", "Chris", "Walsh", "Teacher of history", "c.walsh", "10R"),
    ("Mrs", "Helen", "Young", "Teacher of English", "h.young", "11B"),
    ("Mr", "Mark", "Stevens", "Teacher of computing", "m.stevens", "11R"),
    ("Dr", "Ruth", "Adebayo", "Head of sixth form", "r.adebayo", "12S"),
    ("Mr", "Paul", "Gregory", "Teacher of sociology", "p.gregory", "13S"),
]

# Families' backgrounds: weight, the language some families prefer, and how often (preferred, interpreter).
BACKGROUNDS = {
    "british": {
        "weight": 64,
        "boys": "Oliver George Harry Noah Jack Leo Arthur Charlie Freddie Alfie Theo Oscar Archie Jacob Thomas "
        "Joshua William Henry Finley Riley Callum Kai Mason Lewis Ethan Tyler Dylan Max Reuben Toby Samuel "
        "Benjamin Alexander Matthew Logan Connor Jayden Harvey Ronnie Stanley",
        "girls": "Olivia Amelia Isla Ava Lily Freya Ivy Florence Poppy Grace Sophie Evie Ella Isabella Millie "
        "Rosie Maisie Ruby Erin Chloe Holly Megan Lucy Phoebe Harriet Niamh Keira Daisy Jessica Scarlett "
        "Elizabeth Abigail Katherine Willow Darcie Esme Lexi Mia Bethany Summer",
        "surnames": "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Evans Walker White "
        "Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Hill Moore Cooper Ward Morris King "
        "Harrison Baker Carter Phillips Lewis Parker Bennett Marshall Griffiths Holmes Shaw Lloyd Fletcher "
        "Barnes Pearson Atkinson Dawson Whitehead Burton Chapman Fox Murphy O'Connor Kelly MacDonald Campbell "
        "Reid Byrne Simpson Booth Hayes Gibson Mills Palmer Ellison Wheeler Foster Henderson",
        "women": "Sarah Emma Laura Claire Rebecca Gemma Kelly Nicola Hannah Lisa Joanne Stacey Katie Rachel Amy "
        "Leanne Danielle Natalie Vicky Charlotte Jodie Kirsty Louise Zoe",
        "men": "James Daniel Mark Paul Chris Lee Craig Stuart Matthew Richard Andrew Gareth Darren Steven Jamie "
        "Ryan Adam Neil Simon Carl Wayne Dean Scott Gavin",
        "language": None,
    },
    "polish": {
        "weight": 7,
        "boys": "Jakub Szymon Filip Kacper Antoni Aleksander Mikolaj Wiktor Oskar",
        "girls": "Zofia Julia Zuzanna Maja Lena Hanna Oliwia Amelia Natalia",
        "surnames": "Nowak Mazur Krawczyk Wójcik Kaczmarek Zając Pawlak Michalak Dudek Sikora",
        "women": "Agnieszka Katarzyna Magdalena Joanna Marta Monika Ewa",
        "men": "Piotr Tomasz Marcin Krzysztof Pawel Lukasz Michal",
        "language": ("Polish", 0.5, 0.5),
    },
    "pakistani": {
        "weight": 8,
        "boys": "Muhammad Ibrahim Yusuf Zayan Ayaan Hamza Ali Rayan Haris",
        "girls": "Aisha Maryam Zara Hafsa Inaya Amira Noor Eman Zainab",
        "surnames": "Khan Hussain Ahmed Iqbal Akhtar Mahmood Rashid Butt Aslam",
        "women": "Nasreen Shabana Saima Rubina Farzana Sadia Uzma",
        "men": "Imran Tariq Asif Shahid Zahid Naveed Kamran",
        "language": ("Urdu", 0.35, 0.5),
    },
    "bangladeshi": {
        "weight": 3,
        "boys": "Rayyan Ishaaq Tahmid Arham Zakariya",
        "girls": "Safiya Nusaybah Tasnim Sumaiya Fatima",
        "surnames": "Rahman Miah Uddin Islam Chowdhury",
        "women": "Rokeya Shahana Salma Rehana",
        "men": "Abdul Jamal Shahid Rashid",
        "language": ("Bengali (Sylheti)", 0.5, 0.6),
    },
    "romanian": {
        "weight": 5,
        "boys": "Andrei Darius David Eric Luca Matei",
        "girls": "Ioana Maria Sofia Alexandra Bianca Ana",
        "surnames": "Popescu Ionescu Stan Dumitru Munteanu Rusu Moldovan",
        "women": "Elena Mihaela Andreea Cristina Gabriela",
        "men": "Ionut Florin Adrian Marius Cosmin",
        "language": ("Romanian", 0.7, 0.6),
    },
    "west_african": {
        "weight": 6,
        "boys": "Tobi Kofi Daniel David Emmanuel Samuel Kwame Chidi",
        "girls": "Chidera Ama Esther Precious Adaeze Abena Favour",
        "surnames": "Adeyemi Okonkwo Mensah Owusu Balogun Eze Boateng Nwosu",
        "women": "Funmi Ngozi Abena Grace Blessing Yetunde",
        "men": "Emeka Kwame Segun Kofi Tunde Chinedu",
        "language": None,
    },
    "indian": {
        "weight": 4,
        "boys": "Aarav Dev Arjun Rohan Krish",
        "girls": "Anaya Priya Diya Riya Saanvi",
        "surnames": "Patel Mistry Parmar Solanki Chauhan",
        "women": "Hetal Nisha Pooja Kajal",
        "men": "Nilesh Sanjay Vikram Hitesh",
        "language": ("Gujarati", 0.2, 0.3),
    },
    "syrian": {
        "weight": 3,
        "boys": "Omar Yousef Karim Adam",
        "girls": "Layla Lina Rama Sara",
        "surnames": "Al-Hassan Haddad Khalil Nasser",
        "women": "Rania Huda Amal Reem",
        "men": "Khaled Ahmad Bilal Samer",
        "language": ("Arabic", 0.8, 0.8),
    },
}
GRANDMOTHERS = ["Margaret", "Susan", "Linda", "Patricia", "Carol", "Jean", "Maureen", "Pauline"]
BRITISH_WOMEN = BACKGROUNDS["british"]["women"].split()
BRITISH_MEN = BACKGROUNDS["british"]["men"].split()
NICKNAMES = {
    "Alexander": "Alex",
    "Thomas": "Tom",
    "Isabella": "Bella",
    "Joshua": "Josh",
    "William": "Will",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Matthew": "Matty",
    "Elizabeth": "Libby",
    "Abigail": "Abbie",
    "Katherine": "Katie",
    "Jakub": "Kuba",
    "Zuzanna": "Zuzia",
    "Aleksander": "Olek",
    "Frederick": "Freddie",
    "Muhammad": "Mo",
    "Emmanuel": "Manny",
    "Alexandra": "Sasha",
    "Olivia": "Liv",
}
STREETS = (
    "Beech Grove",
    "Meadow Lane",
    "Church Street",
    "Kirkby Road",
    "Alder Close",
    "Sherbrook Road",
    "Mapperley Rise",
    "Edwards Lane",
    "Haydn Road",
    "Valley Road",
    "Hucknall Road",
    "Oakdale Drive",
    "Winchester Street",
    "Thackeray's Lane",
    "Gedling Road",
    "Arnold Lane",
    "Perry Road",
    "Nottingham Road",
    "Mansfield Road",
    "Melbourne Road",
    "Ribblesdale Road",
    "Bestwood Park Drive",
    "Cardale Road",
    "Coppice Road",
)
AREAS = ("Sherwood", "Carrington", "Mapperley", "Arnold", "Bulwell", "Basford", "Bestwood", "Daybrook", "Woodthorpe")
EMAIL_DOMAINS = ("home.example", "mail.example", "inbox.example")
BEST_TIMES = (
    "",
    "",
    "",
    "After 3pm",
    "Not on Mondays (works)",
    "Mornings before 10am",
    "Any time",
    "Lunchtimes, 12 to 1",
    "After 5.30pm (works shifts)",
    "Tuesdays and Thursdays",
    "After school pick-up",
    "Evenings, by text first",
)

# Areas of need by phase and status: weights. Monitoring pupils often have no area of need recorded yet.
NEED_WEIGHTS = {
    ("primary", "K"): {
        "SLCN": 28,
        "SEMH": 18,
        "SPLD": 12,
        "MLD": 14,
        "ASD": 14,
        "NSA": 4,
        "HI": 2,
        "VI": 1,
        "PD": 3,
        "OTH": 4,
    },
    ("secondary", "K"): {
        "SEMH": 28,
        "SPLD": 22,
        "ASD": 15,
        "MLD": 12,
        "SLCN": 12,
        "HI": 2,
        "VI": 1,
        "PD": 2,
        "OTH": 4,
        "NSA": 2,
    },
    ("any", "E"): {"ASD": 35, "SLCN": 15, "SEMH": 15, "SLD": 9, "MLD": 8, "PD": 7, "HI": 5, "VI": 3, "MSI": 1},
    ("any", "M"): {"": 40, "SPLD": 15, "SEMH": 18, "SLCN": 15, "MLD": 8, "ASD": 4},
}
SECONDARY_NEEDS = {
    "ASD": ("SLCN", "SEMH", "SPLD"),
    "SLCN": ("SEMH", "MLD", "ASD"),
    "SEMH": ("SLCN", "SPLD", "MLD"),
    "SPLD": ("SEMH", "SLCN"),
    "MLD": ("SLCN", "SEMH", "PD"),
    "SLD": ("PD", "SLCN", "VI"),
    "PD": ("SPLD", "VI"),
    "HI": ("SLCN",),
    "VI": ("PD",),
    "MSI": ("PD", "SLCN"),
    "OTH": ("SEMH", "SPLD"),
    "NSA": ("SEMH",),
}
# The broad area each need draws targets, provision and profile phrases from.
AREA = {
    "SLCN": "language",
    "ASD": "autism",
    "SEMH": "semh",
    "SPLD": "literacy",
    "MLD": "learning",
    "NSA": "learning",
    "OTH": "semh",
    "SLD": "sld",
    "PMLD": "sld",
    "HI": "hearing",
    "VI": "vision",
    "MSI": "hearing",
    "PD": "physical",
}

REMOVAL_REASONS = {
    "K": (
        "Made good progress: no longer needs SEN support",
        "Moved out of the area",
        "Transferred to another school",
    ),
    "E": ("Moved to a specialist school named in the EHC plan",),
    "M": ("Concern resolved: no longer needs monitoring",),
}

# One-page profile phrases. {first} is the pupil's first name.
LIKED_AND_ADMIRED = (
    "Kind to younger children; always notices when someone is on their own.",
    "A brilliant sense of humour that lifts the whole class.",
    "Never gives up on a tricky problem.",
    "Polite and friendly to every adult in school, and always says good morning.",
    "A loyal friend who sticks up for others.",
    "Full of ideas, especially in art and design technology.",
    "Works hard even when things feel difficult.",
    "Brilliant at building things with Lego and cardboard.",
    "Caring: wonderful with animals and with younger cousins.",
    "Honest, and says sorry when things go wrong.",
    "Knows an amazing amount about {interest}.",
    "Helpful: the first to offer to tidy up or hand out books.",
    "Curious and asks great questions.",
)
INTERESTS = (
    "dinosaurs",
    "trains",
    "space and the planets",
    "football statistics",
    "Pokémon",
    "the Second World War",
    "sharks",
    "Formula 1",
    "Minecraft",
    "animals and their habitats",
    "the Titanic",
)
IMPORTANT_TO_ME = {
    "primary": (
        "My dog, {pet}.",
        "Playing football at the park at the weekend.",
        "My Nan, who picks me up on Fridays.",
        "Minecraft and building things.",
        "Having the same place on the carpet every day.",
        "Knowing what is happening next.",
        "Swimming lessons on Saturdays.",
        "Drawing comics with my cousin.",
        "My baby brother.",
        "My cat, {pet}, who sleeps on my bed.",
    ),
    "secondary": (
        "Playing for my Sunday league football team.",
        "Gaming online with my friends in the evening.",
        "Music: I play the drums and I'm saving for a new kit.",
        "Having somewhere quiet to go at lunchtime.",
        "My younger sister, {sibling}.",
        "Boxing club on Tuesdays and Thursdays.",
        "My part-time job at my uncle's garage on Saturdays.",
        "Drawing and anime.",
        "My dog, {pet}, and taking her for long walks.",
        "Going to college after Year 11.",
    ),
}
PETS = ("Biscuit", "Luna", "Bella", "Teddy", "Milo", "Poppy", "Rolo", "Nala", "Bruno", "Pickle")
STRENGTHS = (
    "Reading about the topics I love.",
    "Mental maths.",
    "Art and drawing.",
    "Sport: a fast runner and good at football.",
    "Remembering facts.",
    "Building and making things.",
    "Looking after others.",
    "Computers and coding.",
    "Singing and drama.",
    "Spotting patterns.",
    "Cooking: makes a great pizza at home.",
)
HOW_TO_SUPPORT_ME = {
    "language": (
        "Give me one instruction at a time and show me as well as tell me.",
        "Give me time to answer: count to ten in your head before you ask again.",
        "Write the key words on the board or use pictures.",
        "Check I have understood by asking me to tell you what to do first.",
    ),
    "autism": (
        "Tell me about changes before they happen, for example a supply teacher or a trip.",
        "Let me wear my ear defenders in assembly and in the hall.",
        "Say my name before you give me an instruction.",
        "Don't ask me to look at you: I listen better when I look away.",
    ),
    "semh": (
        "Notice when I'm getting wound up and give me a job to do.",
        "Talk to me privately, not in front of the class.",
        "Start my day with a quick check-in.",
        "Praise me quietly: I find praise in front of everyone embarrassing.",
    ),
    "literacy": (
        "Don't ask me to read aloud unless I have practised first.",
        "Give me printed notes instead of copying from the board.",
        "Use a cream background on worksheets: it helps me read.",
        "Let me show what I know in other ways, such as a diagram or telling you.",
    ),
    "learning": (
        "Break tasks into small steps and let me tick them off.",
        "Let me use practical equipment in maths.",
        "Go over new words before the lesson.",
        "Check in with me after you have explained the task.",
    ),
    "sld": (
        "Use Makaton signs and symbols alongside speech.",
        "Give me plenty of time to process and respond.",
        "Keep my routine the same each day and use my now-and-next board.",
    ),
    "hearing": (
        "Face me when you talk and check the radio aid is switched on.",
        "Put subtitles on videos.",
        "Repeat what other pupils say in class discussions.",
    ),
    "vision": (
        "Give me enlarged copies (N24) of worksheets.",
        "Say out loud what you are writing on the board.",
        "Keep the classroom layout the same, or tell me when it changes.",
    ),
    "physical": (
        "Let me leave lessons five minutes early to avoid busy corridors.",
        "Let me use a laptop for longer pieces of writing.",
        "Ask me before helping: I like to try first.",
    ),
}
STRATEGIES_AT_HOME = (
    "A picture timetable on the fridge for the morning routine.",
    "Ten minutes of reading together at bedtime.",
    "A five-minute warning before screen time ends.",
    "Time to relax after school before talking about the day.",
    "Talking in the car: it's easier than face to face.",
    "A calm corner with cushions and headphones.",
    "Breaking homework into 10-minute chunks with a timer.",
    "Laying out clothes and bag the night before.",
)
STRATEGIES_AT_SCHOOL = (
    "A movement break after 20 minutes of sitting.",
    "Sitting near the front, away from the door.",
    "A task list on the desk.",
    "A 'time out' card to use without having to explain.",
    "Meeting {keyworker} at the start of the day.",
    "A coloured overlay for reading.",
    "Learning new topic words before the topic starts.",
    "Lunchtime club in the library.",
    "A buddy to walk with between lessons.",
)
IN_MY_OWN_WORDS = {
    "primary": (
        "I like it when people are kind and play fair.",
        "I find writing hard but I have lots of ideas.",
        "I get upset when it's noisy. I like the quiet room.",
        "I want to be a vet when I grow up.",
        "I am good at helping my friends.",
        "I like school best when I know what we are doing.",
    ),
    "secondary": (
        "I want people to know I'm not being rude when I don't look at them.",
        "I want to do well in my GCSEs and go to college to do mechanics.",
        "Sometimes I know the answer but I can't get it out fast enough.",
        "I'd rather people asked me than guessed.",
        "I work best when I know what's coming.",
        "Please don't make a big deal of it in front of everyone.",
    ),
}

# SMART targets: (phase, outcome, how we will know, who helps). {ta}, {teacher}, {keyworker}, {home}, {first}.
OUTCOMES = {
    "language": (
        (
            "primary",
            "Join ideas with 'and' and 'because' when telling an adult about a picture.",
            "Uses 'because' correctly in 4 out of 5 sentences in three sessions in a row.",
            "{ta} in the language group; talking about a photo each evening with {home}",
        ),
        (
            "primary",
            "Follow a two-part instruction given to the whole class, such as 'get your book and sit on the carpet'.",
            "Follows two-part instructions without a reminder on 8 out of 10 occasions over two weeks.",
            "{teacher} and {ta}",
        ),
        (
            "primary",
            "Ask for help using a help card or by putting a hand up, instead of waiting.",
            "Asks for help at least once in every maths and English lesson for three weeks.",
            "{teacher}",
        ),
        (
            "primary",
            "Use the 'k' and 'g' sounds at the start of words.",
            "Says the sounds correctly in 20 practice words and in conversation, checked by the speech and language "
            "therapist.",
            "{ta}, speech programme 3 times a week; practice card at home with {home}",
        ),
        (
            "secondary",
            "Learn and use 5 key subject words each half term in science and geography.",
            "Explains each word in their own words and uses it in a written answer in the end-of-unit check.",
            "{ta}; word maps from the subject teachers",
        ),
        (
            "secondary",
            "Tell a teacher when an instruction has not been understood, using the agreed phrase "
            "'Can you say that another way?'",
            "Uses the phrase at least once a day, noted on the weekly tracker for 4 weeks.",
            "{keyworker}; all subject teachers",
        ),
    ),
    "autism": (
        (
            "any",
            "Use the visual timetable to move between lessons or activities without adult help.",
            "Moves to 5 activities a day on time with no adult prompt for 3 weeks.",
            "{ta}; {teacher}",
        ),
        (
            "any",
            "Use a 'time out' card to go to the agreed quiet space when overwhelmed, and come back within 10 minutes.",
            "Uses the card rather than leaving without saying, every time, for 4 weeks.",
            "{keyworker}",
        ),
        (
            "primary",
            "Take turns in a game with two other children for 10 minutes.",
            "Takes turns without adult help in 3 Lego therapy sessions in a row.",
            "{ta}, in Lego therapy",
        ),
        (
            "secondary",
            "Join one lunchtime club a week.",
            "Attends a club every week for a half term.",
            "{keyworker}; club leader",
        ),
        (
            "any",
            "Cope with a change to the day using the 'change' card on the timetable.",
            "Stays calm for 4 out of 5 planned changes, noted in the home-school diary.",
            "{teacher}; {home} uses the same card at home",
        ),
    ),
    "semh": (
        (
            "any",
            "Name the zone (blue, green, yellow or red) at morning check-in and choose a strategy to get "
            "back to green.",
            "Names the zone and a strategy on 4 mornings out of 5 for 3 weeks.",
            "{keyworker}",
        ),
        (
            "any",
            "Stay in the classroom for the whole lesson, using a movement break card when needed.",
            "Fewer than two unplanned exits a week for 4 weeks, from the behaviour log.",
            "{teacher}; {keyworker}",
        ),
        (
            "any",
            "Arrive on time every day, meeting {keyworker} at the gate.",
            "Attendance above 92% this half term and on time 9 days out of 10.",
            "{keyworker}; {home}",
        ),
        (
            "primary",
            "Use a calm-down strategy (breathing, drawing or a walk with an adult) when frustrated.",
            "Uses a strategy instead of hurting or shouting on 4 out of 5 occasions, from staff notes.",
            "{ta}; {teacher}",
        ),
        (
            "any",
            "Talk to a trusted adult about a worry before it builds up.",
            "Uses the worry box or a check-in at least once a week for 6 weeks.",
            "{keyworker}",
        ),
        (
            "secondary",
            "Attend every lesson on the reduced timetable, then add one lesson each fortnight.",
            "Back on a full timetable by February half term.",
            "{keyworker}; head of year",
        ),
    ),
    "literacy": (
        (
            "primary",
            "Read the first 100 high-frequency words by sight.",
            "Reads 90 of the 100 words correctly in under 2 minutes, on two checks a week apart.",
            "{ta}, precision teaching daily; reading at home with {home} 10 minutes a night",
        ),
        (
            "primary",
            "Spell the 20 common exception words on the personal list.",
            "Spells 16 of the 20 correctly in a dictation.",
            "{ta}; spelling practice at home with {home}",
        ),
        (
            "primary",
            "Write three sentences with capital letters and full stops, without help.",
            "Does so in 3 independent pieces of writing in a row.",
            "{teacher}",
        ),
        (
            "secondary",
            "Use speech-to-text software to draft longer answers in English and history.",
            "Writes at least one 200-word answer a week with the software, without adult help, for 4 weeks.",
            "{ta}; English and history teachers",
        ),
        (
            "secondary",
            "Touch type at 20 words a minute.",
            "Reaches 20 words a minute with 90% accuracy on the typing programme.",
            "{ta}, in form time",
        ),
        (
            "secondary",
            "Plan a paragraph with a writing frame (point, evidence, explain).",
            "Uses the frame without a prompt in 3 assessed pieces of writing.",
            "English teacher; {ta}",
        ),
    ),
    "learning": (
        (
            "primary",
            "Recall number bonds to 10 quickly.",
            "Answers 10 random bonds in under a minute with no more than one mistake.",
            "{ta}, maths group; number games at home with {home}",
        ),
        (
            "primary",
            "Read and understand a short passage and answer 'who', 'where' and 'what' questions.",
            "Answers 4 out of 5 questions correctly on three passages.",
            "{ta}; {teacher}",
        ),
        (
            "secondary",
            "Know the times tables up to 10 x 10.",
            "Scores 45 out of 50 on a mixed times-tables check in 5 minutes.",
            "{ta}, maths intervention",
        ),
        (
            "secondary",
            "Use a checklist to start and finish homework on time.",
            "Hands in 9 out of 10 homework tasks on time this half term.",
            "{keyworker}; {home}",
        ),
    ),
    "sld": (
        (
            "any",
            "Use 10 Makaton signs to make choices at snack time and lunch.",
            "Uses the signs without a prompt on 4 days out of 5, recorded by staff.",
            "{ta}; {home} learns the signs",
        ),
        (
            "any",
            "Recognise their own name and the names of 3 classmates.",
            "Picks out the names from a choice of 6 on 3 days in a row.",
            "{ta}",
        ),
    ),
    "hearing": (
        (
            "any",
            "Check the radio aid is on at the start of each lesson, and tell an adult if it isn't working.",
            "Does this without a reminder every lesson for 2 weeks.",
            "{ta}; Teacher of the Deaf",
        ),
        (
            "any",
            "Ask for something to be repeated when it has been missed.",
            "Asks at least once a lesson in 4 lessons out of 5, noted by staff.",
            "{teacher}",
        ),
    ),
    "vision": (
        (
            "any",
            "Use the enlarged worksheets and a sloping board without being reminded.",
            "Sets up their own equipment at the start of every lesson for 3 weeks.",
            "{ta}",
        ),
        (
            "any",
            "Find the way between classrooms using the agreed route.",
            "Walks the route on their own for a week.",
            "{ta}; specialist teacher (vision)",
        ),
    ),
    "physical": (
        (
            "any",
            "Get changed for PE on their own within 10 minutes.",
            "Does so in 4 PE lessons in a row.",
            "{ta}; easy-fasten PE kit from {home}",
        ),
        (
            "any",
            "Form all lower-case letters correctly, starting in the right place.",
            "All 26 letters correct in a handwriting check.",
            "{ta}, handwriting group",
        ),
        (
            "any",
            "Use a laptop for written work longer than a paragraph.",
            "Sets up and saves work on the laptop without help for 3 weeks.",
            "{ta}; {teacher}",
        ),
    ),
}
PROGRESS_NOTES = {
    "in_progress": (
        "Good start: {first} is keen and managed this on three days out of five this week.",
        "About halfway there. Working well in sessions and proud to show progress.",
        "Harder this fortnight after a change of teacher; back on track now.",
        "{home} says {first} is practising at home too. Keep going.",
        "Needed reminders most days. We have added a picture prompt on the desk.",
        "Much more confident: {first} showed the class teacher without being asked.",
    ),
    "achieved": (
        "Achieved: {first} did this every time for four weeks. Postcard sent home to celebrate.",
        "Met at the review; the evidence is in the tracker. Well done, {first}!",
    ),
    "partly": (
        "Nearly there: manages it most days but still needs a prompt when tired.",
        "Good progress; we will carry this on next term with a smaller step.",
    ),
    "not_achieved": (
        "Not yet: sessions were often missed this term. We will try a different time of day.",
        "Still finding this very hard. We have asked the specialist teacher for advice.",
    ),
    "stopped": ("No longer needed: the new timetable has removed the problem. Agreed with {home} at the review.",),
}

# Interventions: (name, frequency, (smallest, largest group), setting, who leads, areas, phases).
PROVISIONS = (
    (
        "Precision teaching (sight words)",
        "Daily, 10 minutes",
        (1, 1),
        "withdrawn",
        "ta",
        ("literacy", "learning"),
        ("primary", "secondary"),
    ),
    ("Lego therapy", "Weekly, 45 minutes", (3, 3), "withdrawn", "ta", ("autism", "language", "semh"), ("primary",)),
    (
        "ELSA sessions (emotional literacy)",
        "Weekly, 30 minutes, for 8 weeks",
        (1, 1),
        "withdrawn",
        "elsa",
        ("semh", "autism"),
        ("primary", "secondary"),
    ),
    (
        "Social skills group",
        "Weekly, 40 minutes",
        (4, 6),
        "withdrawn",
        "pastoral",
        ("autism", "semh", "language"),
        ("primary", "secondary"),
    ),
    (
        "Speech and language programme (set by the SALT)",
        "3 times a week, 15 minutes",
        (1, 2),
        "withdrawn",
        "ta",
        ("language", "autism", "hearing"),
        ("primary", "secondary"),
    ),
    (
        "Handwriting group",
        "Twice a week, 20 minutes",
        (4, 6),
        "withdrawn",
        "ta",
        ("physical", "literacy"),
        ("primary",),
    ),
    (
        "Reading recovery",
        "Daily, 30 minutes, for 12 weeks",
        (1, 1),
        "withdrawn",
        "teacher",
        ("literacy",),
        ("primary",),
    ),
    (
        "Zones of Regulation",
        "Daily check-in and a weekly 30-minute session",
        (1, 4),
        "in_class",
        "pastoral",
        ("semh", "autism"),
        ("primary", "secondary"),
    ),
    (
        "Maths intervention (small group)",
        "3 times a week, 20 minutes",
        (3, 5),
        "withdrawn",
        "ta",
        ("learning",),
        ("primary", "secondary"),
    ),
    (
        "Phonics catch-up",
        "Daily, 15 minutes",
        (3, 4),
        "withdrawn",
        "ta",
        ("literacy", "language", "learning"),
        ("primary",),
    ),
    (
        "Touch typing (online programme)",
        "Twice a week, 20 minutes in form time",
        (1, 1),
        "in_class",
        "ta",
        ("literacy", "physical"),
        ("secondary",),
    ),
    (
        "Mentoring with the pastoral team",
        "Weekly, 20 minutes",
        (1, 1),
        "withdrawn",
        "pastoral",
        ("semh",),
        ("secondary",),
    ),
    (
        "Sensory circuit",
        "Every morning, 15 minutes",
        (4, 6),
        "withdrawn",
        "ta",
        ("autism", "physical", "semh"),
        ("primary",),
    ),
    ("Nurture group", "Four afternoons a week", (6, 8), "withdrawn", "pastoral", ("semh",), ("primary",)),
    (
        "In-class support from a TA",
        "English and maths lessons, daily",
        (3, 5),
        "in_class",
        "ta",
        ("learning", "literacy", "sld", "language"),
        ("primary", "secondary"),
    ),
    (
        "Pre-teaching of topic vocabulary",
        "Twice a week, 15 minutes",
        (1, 3),
        "withdrawn",
        "ta",
        ("hearing", "language"),
        ("primary", "secondary"),
    ),
    (
        "Enlarged (N24) resources and a sloping board",
        "Every lesson",
        (1, 1),
        "in_class",
        "ta",
        ("vision",),
        ("primary", "secondary"),
    ),
    (
        "Physiotherapy programme",
        "Daily, 15 minutes",
        (1, 1),
        "withdrawn",
        "ta",
        ("physical",),
        ("primary", "secondary"),
    ),
    (
        "Makaton and a now-and-next board",
        "Throughout the day",
        (1, 1),
        "in_class",
        "ta",
        ("sld",),
        ("primary", "secondary"),
    ),
    (
        "Exam access arrangements: reader and 25% extra time",
        "In every test and exam",
        (1, 1),
        "withdrawn",
        "ta",
        ("literacy", "learning", "vision"),
        ("secondary",),
    ),
)

# Outside professionals the school works with: service -> (name, how to contact, what they did).
PROFESSIONALS = {
    "EP": (
        "Dr Simon Reeve",
        "Educational Psychology Service, 0115 496 0412",
        "Assessed in school; report shared with parents. Recommendations added to the provision map.",
    ),
    "SALT": (
        "Jess Moran",
        "Children's Speech and Language Therapy (NHS), 0115 496 0733",
        "Assessment showed difficulty understanding longer sentences. Programme set for school to deliver; "
        "review in six months.",
    ),
    "OT": (
        "Kate Lamb",
        "Children's Occupational Therapy, 0115 496 0650",
        "Seen in school; advised a sloping board, a pencil grip and a sensory circuit.",
    ),
    "CAMHS": (
        "Dr Rob Hill",
        "CAMHS (referral via the GP), 0115 496 0811",
        "Referred with parents' agreement; on the waiting list. The school nurse is keeping in touch.",
    ),
    "SPEC_TEACHER": (
        "Mark Foley",
        "Autism and Learning Support Team, 0115 496 0590",
        "Observed in class and met the family; strategies shared with all staff.",
    ),
    "PAED": (
        "Dr Nadia Shah",
        "Community Paediatrics, 0115 496 0277",
        "Assessment appointment attended with a parent; outcome letter copied to school.",
    ),
    "PHYSIO": (
        "Lauren Hart",
        "Children's Physiotherapy, 0115 496 0652",
        "Daily exercise programme in school; reviewed each term.",
    ),
    "NURSE": (
        "Sister Jo Allen",
        "School nursing team, 0115 496 0300",
        "Health care plan written with parents and reviewed in September.",
    ),
    "EARLY_HELP": (
        "Dean Fox",
        "Early Help, 0115 496 0150",
        "Family support worker visiting fortnightly; joins the termly review.",
    ),
}
SERVICES_BY_AREA = {
    "language": ("SALT", "EP"),
    "autism": ("SPEC_TEACHER", "PAED", "SALT"),
    "semh": ("CAMHS", "EARLY_HELP", "EP"),
    "literacy": ("EP", "SPEC_TEACHER"),
    "learning": ("EP",),
    "sld": ("EP", "SALT", "PAED"),
    "hearing": ("SPEC_TEACHER",),
    "vision": ("SPEC_TEACHER",),
    "physical": ("OT", "PHYSIO", "NURSE"),
}
SPECIALIST_TEACHERS = {
    "hearing": ("Carol Nash (Teacher of the Deaf)", "Sensory Support Service, 0115 496 0595"),
    "vision": ("Sue Patterson (qualified teacher of vision impairment)", "Sensory Support Service, 0115 496 0596"),
}
