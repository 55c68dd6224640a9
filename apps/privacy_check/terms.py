"""The word lists the privacy check reads (README "Where the lists come from").

Kept as data, in one place, so a reviewer can see exactly what is looked for. Every list is
matched case-insensitively on whole words unless it says otherwise.
"""

# --- (a) people who use services ------------------------------------------------------------------

# Titles before a name. "Dr" is deliberately absent: in a team's notes a doctor is nearly always
# staff, and staff names are not what the check is for.
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Master")

# Words after which a capitalised word is most likely the name of someone the writer supports.
# These are *strong* cues: a name found after one is reported even if a colleague shares it.
SERVICE_USER_CUES = (
    "client",
    "clients",
    "service user",
    "service-user",
    "patient",
    "patients",
    "my peer",
    "the peer",
    "a peer",
    "resident",
    "young person",
    "person I support",
    "person I supported",
    "person I'm supporting",
    "someone I support",
    "someone I supported",
    "man I support",
    "woman I support",
    "the person I work with",
)
# Weaker cues: a name after them is reported unless it is a colleague's name.
NAMING_CUES = ("called", "named", "known as", "name is", "name was", "goes by")

# Capitalised words that are not names even where a name could stand (sentence starts, after cues).
NOT_NAMES = frozenset(
    """
    I I'm I've I'd I'll A An The This That These Those He She They We You It His Her Their Our My Your
    Its Them Him Me Us Who What When Where Why How Which Whose And But Or So If Then Because Although
    After Before During While Since Until As At By For From In Into Of On Onto Over To Under With
    Without About Today Yesterday Tomorrow Tonight Later Earlier Afterwards Also Still Just Only
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December NHS GP A&E CMHT Trust Team Ward Hospital Health
    Mental Act Recovery College Centre Center Service Services Support Peer Peers Group Groups
    Council Housing Job Jobcentre Universal Credit PIP DWP Police Crisis Line Samaritans Mind Rethink
    Yes No Not Please Thanks Thank Hi Hello Dear Ok OK Okay Someone Somebody Nobody Everyone Anyone
    English British Welsh Scottish Irish Christmas Easter Ramadan Eid Diwali New Year Street Road Lane
    Mum Dad Mother Father Sister Brother Son Daughter Aunt Uncle Nan Gran Grandma Grandad
    """.split()
)

# Common first names in England and Wales across the generations (ONS baby-name tables,
# 1954-2024, the top names of each decade), with every name that is also an everyday English
# word removed (May, June, Hope, Grace, Will, Mark, Rose, Dawn, Faith, Joy, Summer, Amber,
# Frank, Bill, Sue, Ray, Guy, Don, Rich, Sunny, Pat, Robin, Holly, Ivy, Daisy, Poppy, Jay...)
# so that a capitalised word at the start of a sentence is not mistaken for one.
FIRST_NAMES = frozenset(
    """
    Aaliyah Aaron Abdul Abdullah Abigail Adam Adrian Ahmed Aidan Aiden Aisha Alan Albert Alex
    Alexander Alexandra Alfie Ali Alice Alicia Alison Amanda Amelia Amir Amira Amy Andrew Andy Angela
    Anita Ann Anna Anne Annie Anthony Archie Arthur Ashley Ava Barbara Barry Ben Benjamin Bernard
    Beth Bethany Brandon Brenda Brian Bridget Callum Cameron Carl Carol Caroline Catherine Charles
    Charlie Charlotte Chloe Chris Christine Christopher Clare Claire Colin Connor Craig Daniel Danielle
    Danny Darren Dave David Dean Deborah Debbie Declan Denise Dennis Derek Diane Dominic Donna Dylan
    Edward Eileen Eleanor Elijah Elizabeth Ella Ellie Emily Emma Eric Ethan Evie Fatima Finley Fiona
    Florence Francesca Freddie Freya Gareth Gary Gemma Geoffrey George Georgia Gillian Graham Hannah
    Harriet Harrison Harry Harvey Hassan Hayley Heather Helen Henry Hollie Hussain Ian Imran Irene
    Isaac Isabella Isabelle Isla Jack Jackie Jacob Jade James Jamie Jane Janet Jasmine Jason Jayden
    Jean Jennifer Jenny Jeremy Jessica Joan Joanne John Jonah Jonathan Jordan Joseph Joshua Joyce
    Julia Julie Karen Kate Katie Kayleigh Keith Kelly Kenneth Kerry Kevin Kieran Kirsty Kyle Laura
    Lauren Layla Leah Lee Leo Leon Lesley Lewis Liam Lily Linda Lisa Logan Louise Lucy Luke Lynn
    Maisie Malcolm Margaret Maria Marie Martin Mary Matthew Maureen Megan Mia Michael Michelle
    Mohammed Muhammad Naomi Natalie Nathan Neil Nicholas Nicola Noah Nora Oliver Olivia Omar Oscar
    Owen Paul Pauline Peter Philip Phoebe Rachel Rebecca Reece Rhys Richard Riley Robert Ryan Samantha
    Samuel Sandra Sarah Scott Sean Sharon Sheila Shirley Simon Sophia Sophie Stacey Stephen Steven
    Stuart Susan Tanya Teresa Terry Thomas Tina Toby Tom Tony Tracey Tracy Trevor Tyler Valerie
    Vanessa Victoria Wayne Wendy William Yasmin Yusuf Zara Zoe
    """.split()
)

# Street words: a street address is "number + capitalised words + one of these".
STREET_WORDS = (
    "Road Rd Street St Lane Avenue Ave Close Drive Way Court Crescent Place Terrace Gardens Grove Walk "
    "Square Row Mews Hill Rise Parade Green View Vale Park Estate Lodge House Heights Approach Wharf"
).split()

# Before a phone number or a street address, words that mark it as a service's, not a person's.
SERVICE_PLACE_WORDS = (
    "nhs helpline switchboard reception office clinic surgery ward team line samaritans crisis centre "
    "center library cafe café hub hospital church hall college base service services duty"
).split()

# --- (b) the writer's own health ------------------------------------------------------------------

# Each term is a regular expression (whole words, case-insensitive). Sources: NHS "Mental health
# conditions" A-Z; the BNF chapter 4 (central nervous system) names of the commonly prescribed
# antidepressants, antipsychotics, mood stabilisers and anxiolytics; the Mental Health Act 1983
# (sections, detention); NICE guideline NG225 (self-harm). Feelings ("anxious", "low", "stressed")
# are deliberately absent: they are part of everyday reflection, not health details.
DIAGNOSES = (
    r"depression",
    r"clinical depression",
    r"post-?natal depression",
    r"anxiety disorder",
    r"generali[sz]ed anxiety",
    r"panic (?:disorder|attacks?)",
    r"social anxiety",
    r"bipolar(?: disorder)?",
    r"schizo(?:phrenia|affective(?: disorder)?)",
    r"psychosis",
    r"psychotic (?:episode|illness|break)",
    r"c?-?ptsd",
    r"post-?traumatic stress(?: disorder)?",
    r"ocd",
    r"obsessive[- ]compulsive(?: disorder)?",
    r"(?:emotionally unstable |borderline )?personality disorder",
    r"bpd",
    r"eupd",
    r"eating disorder",
    r"anorexia",
    r"bulimia",
    r"binge[- ]eating",
    r"adhd",
    r"autism",
    r"dissociative (?:identity )?disorder",
    r"hearing voices",
    r"alcoholism",
    r"alcohol dependence",
    r"addiction",
    r"diagnos(?:is|ed) (?:of|with) \w+",
)
MEDICATIONS = (
    r"sertraline|fluoxetine|citalopram|escitalopram|paroxetine|mirtazapine|venlafaxine|duloxetine",
    r"amitriptyline|trazodone|vortioxetine|bupropion|agomelatine",
    r"lithium|sodium valproate|valproate|depakote|lamotrigine|carbamazepine",
    r"olanzapine|quetiapine|clozapine|aripiprazole|risperidone|haloperidol|amisulpride|paliperidone",
    r"diazepam|lorazepam|clonazepam|zopiclone|promethazine|pregabalin|propranolol",
    r"methylphenidate|lisdexamfetamine|methadone|buprenorphine",
    r"anti-?depressants?|anti-?psychotics?|mood stabili[sz]ers?|depot(?: injection)?",
    r"my (?:meds|medication|medicine|prescription|tablets)",
)
EVENTS = (
    r"sectioned",
    r"section (?:2|3|136|135)",
    r"detained under the mental health act",
    r"(?:admitted|admission) (?:to|into) (?:a |an |the )?(?:hospital|psychiatric \w+|mental health \w+|inpatient \w+|"
    r"acute \w+|ward|unit|a&e|crisis house|rehab|detox)",
    r"hospital admissions?",
    r"psychiatric (?:ward|unit|hospital|admission)",
    r"inpatient",
    r"crisis team",
    r"home treatment team",
    r"cmht",
    r"\bect\b",
    r"electroconvulsive",
    r"self[- ]harm(?:ed|ing)?",
    r"cut(?:ting)? myself",
    r"overdosed?",
    r"suicide attempts?",
    r"attempted suicide",
    r"tried to (?:take|end) my (?:own )?life",
    r"suicidal",
    r"relapsed?",
)

# Words that say whose the health detail is: first person (the writer) or someone else.
FIRST_PERSON = ("i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "my", "me", "myself", "mine")
THIRD_PERSON = (
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "him",
    "them",
    "he's",
    "she's",
    "client",
    "client's",
    "patient",
    "patient's",
    "user",
    "person",
    "someone",
    "friend",
    "mum",
    "dad",
    "brother",
    "sister",
    "partner",
    "colleague",
)
