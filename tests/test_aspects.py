"""A covered topic with an uncovered aspect is not answered with the topic's sentences."""

import re

import pytest

from answering.aspects import asked_aspects, load_aspects, speaking_to_the_aspect, uncovered_aspect

TACE_IS = (
    "Transarterial Chemoembolization (TACE) involves delivering a high dose of chemotherapy combined with tiny "
    "particles to block the tumor's blood supply."
)


def test_every_aspect_has_a_label_for_the_reply():
    assert {aspect.name for aspect in load_aspects()} >= {"side_effects", "recovery", "duration", "outcomes"}
    assert all(aspect.label for aspect in load_aspects())


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("What are the side effects of TACE?", "side_effects"),
        ("side efects of Y90 treatment??", "side_effects"),
        ("any side affects from TACE", "side_effects"),
        ("which chemo drugs are used for liver mets", "drug_names"),
        # an aspect word misspelt is read as meant
        ("symptons of liver mets?", "symptoms"),
        ("recovry time after liver surgery", "recovery"),
        ("FOLFOX what drugs are in it", "drug_names"),
        ("how long does it take to recover from liver surgery", "recovery"),
        ("How long does a TACE procedure take?", "duration"),
        ("what is the survival rate after resection", "outcomes"),
        ("does a liver biopsy hurt", "pain"),
        ("how is ascites treated?", "symptom_treatment"),
        ("Can TACE be repeated?", "repeat"),
        ("is chemo for liver mets given through a drip or tablets", "how_given"),
        ("what is a normal bilirubin level", "normal_values"),
        ("what alt number is considered high", "normal_values"),
        ("what level of bilirubin is too high", "normal_values"),
        ("is liver metastasis stage 4?", "stage"),
        ("does the liver grow back after surgery", "recurrence"),
        ("are there clinical trials for liver metastases", "services"),
        ("mdt members for liver metastases", "team_members"),
        ("How accurate is a PET scan at detecting liver metastases?", "accuracy"),
        ("can ct scans miss small tumours", "accuracy"),
        ("which is more common primary or secondary liver cancer", "more_common"),
        ("Targeted therapy drugs — which specific ones?", "drug_names"),
        ("name of the chemotherapy used for TACE", "drug_names"),
        ("does immunotherapy actually work for bowel cancer", "outcomes"),
        ("jaundice treatment liver secondaries", "symptom_treatment"),
        ("do the y90 microspheres stay in the liver forever", "resolves"),
        ("what is it like inside the mri", "experience"),
        ("which specialists are on the team that plans treatment", "team_members"),
        ("who r all the doctors in the team", "team_members"),
        ("is secondary liver cancer genetic", "inherited"),
        ("how soon after bowel cancer do liver mets show up", "timing"),
        ("how can you stop colon cancer spreading to the liver", "prevention"),
        ("what kind of surgeon removes liver tumours", "who_performs"),
        ("who decides which treatment is used", "who_decides"),
        ("when should I call the hospital after TACE", "when_to_get_help"),
        ("what signs after surgery need urgent attention", "when_to_get_help"),
        ("are you put to sleep for ablation or just numbed", "pain"),
        ("how many days in hospital after a liver resection", "recovery"),
        ("what is the outlook for rectal cancer", "outcomes"),
        ("how long do people live with liver mets", "outcomes"),
        ("what helps with the nausea", "symptom_treatment"),
        ("liver metastases pain relief options", "symptom_treatment"),
        ("how is pain from liver metastases managed?", "symptom_treatment"),
        ("how do they treat jaundice with liver mets", "symptom_treatment"),
        ("how to cope with tiredness liver mets", "symptom_treatment"),
        ("what happens if liver mets are left untreated", "untreated"),
        ("what if someone decides not to have any treatment", "untreated"),
        ("can you live a normal life with liver mets", "daily_life"),
        ("what is quality of life like after TACE", "daily_life"),
        ("is y90 better than tace", "better"),
        ("which is better, surgery or ablation", "better"),
        ("rfa vs microwave ablation which 1 is better", "better"),
        ("chemoembolization or radioembolization, which gives better results", "better"),
        ("why would a doctor pick y90 over tace", "better"),
        ("what can go wrong with ablation", "side_effects"),
        ("surgery vs ablation pros and cons", "side_effects"),
        ("what percentage of stomach cancers spread to the liver", "proportion"),
        ("how much of the liver can they take out", "proportion"),
        ("does it happen more often in men or in women", "sex_and_age"),
        ("at what age do liver mets usually show up", "sex_and_age"),
        ("does jaundice from liver mets go away on its own", "resolves"),
        ("do liver tumours grow at the same speed as the bowel tumour", "timing"),
        ("how big do liver mets get", "size"),
        ("can liver mets spread to the lungs", "spread_beyond"),
        ("can it spread from the liver to the bones", "spread_beyond"),
        ("What questions should I ask my doctor about liver metastases?", "questions_to_ask"),
        ("what should we ask the surgeon about TACE", "questions_to_ask"),
        ("Does the patient get the final say on treatment, or the doctors?", "who_decides"),
        ("do patients get a say in decisions about their treatment?", "who_decides"),
        # a duration or time off work asked without "how long does" (telegraphic searches)
        ("ct scan results waiting time", "duration"),
        ("how many weeks does the rash last on cetuximab", "duration"),
        ("how long until the biopsy results come back", "duration"),
        ("how much time off work after TACE", "recovery"),
        ("What kinds of treatment are there for cancer that has spread to the liver?", "treatment"),
        ("which types of therapy exist for liver mets", "treatment"),
        ("what treatments are available", "treatment"),
        # as patients ask them (the reviewed-answer pair set's training templates)
        ("how to get ready for liver surgery", "preparation"),
        ("how do u get chemo", "how_given"),
        ("can u have tace again", "repeat"),
        ("Is it OK to have a glass of wine with secondary liver cancer?", "diet_lifestyle"),
        ("What problems can immunotherapy drugs cause?", "side_effects"),
        ("Is TACE a day procedure or do you have to stay overnight?", "recovery"),
        ("where can someone look for research studies", "services"),
        ("how long 4 liver biopsy results", "duration"),
        ("How regularly will someone have scans", "frequency"),
        ("After liver metastases are removed surgically, can they return?", "recurrence"),
        ("How many people are alive five years after an operation", "outcomes"),
        ("when shud i ring my care team", "when_to_get_help"),
        ("does RFA hurt", "pain"),
        ("liver mri how long", "duration"),  # searched for, not asked
        ("y90 procedure length", "duration"),
        ("liver biopsy - performed by whom?", "who_performs"),
        ("is liver cancer genetic", "inherited"),
        ("how long can u live with liver mets if they cant operate", "without_surgery"),
        ("what if the tumours can't be removed", "without_surgery"),
        ("treatment options for inoperable liver metastases", "without_surgery"),
        ("average survival for liver mets if treatment is refused", "untreated"),
        ("can chemo cure liver mets", "outcomes"),
        ("are liver secondaries curable", "outcomes"),
        ("which is easier to tolerate, TACE or Y-90", "side_effects"),
        ("immunotherapy drug names", "drug_names"),
        # as patients word them in the reviewed-answer pairs (training templates, blind read half)
        ("How is a biliary stent put in?", "how_given"),
        ("Can alcohol cause liver metastases?", "causes"),
        ("Is the treatment different for primary and secondary liver cancer?", "treatment"),
        ("how do i prep for ct scan of liver", "preparation"),
        ("how do drs diagnose liver mets", "diagnosis"),
        ("how 2 stop itchy skin from liver mets", "symptom_treatment"),
        ("tips for tiredness w liver mets", "symptom_treatment"),
        ("is it ok to keep going to the gym", "diet_lifestyle"),
    ],
)
def test_the_aspect_asked_is_recognised(question, aspect):
    assert aspect in [found.name for found in asked_aspects(question)]


@pytest.mark.parametrize(
    "question",
    [
        "What is TACE?",
        "how does chemo work",
        "Where do liver metastases come from?",
        "what does genetic testing of the biopsy look for",  # a test, not heredity
        "if the tumour has a genetic mutation does that change the treatment",  # the tumour's, not inherited
        "does y-90 radiation hurt the healthy liver",  # harm to the liver, not pain felt
        "is targeted therapy just another type of chemo or does it work differently",  # how, not how well
        "does it work the same way as chemo?",
        "what is a biopsy",
        "can lung cancer spread to the liver",  # spread *to* the liver is what the materials explain
        "can colon cancer spread to the liver?",
        "the liver is one of the commonest places for cancer to spread, why is that",  # no comparison
    ],
)
def test_what_and_how_questions_ask_no_special_aspect(question):
    assert not asked_aspects(question)


def test_inoperable_cancer_made_operable_asks_no_permanence():
    question = "we thought inoperable meant forever. can drug treatments make them operable?"
    assert [aspect.name for aspect in asked_aspects(question)] == ["without_surgery"]


def test_an_answer_that_does_not_speak_to_the_aspect_leaves_it_uncovered():
    assert uncovered_aspect("What are the side effects of TACE?", [TACE_IS]).name == "side_effects"
    assert uncovered_aspect("What is TACE?", [TACE_IS]) is None
    covered = "Y-90 microspheres deliver a high, localized dose of radiation with minimal effect on the rest of the liver."
    assert uncovered_aspect("does y-90 damage the rest of the liver", [covered]) is None


Y90_IS = "A specialized type of embolization is Y-90 radioembolization, which uses microscopic beads."
SURGERY_OUTCOME = (
    "For patients with resectable liver metastases, five-year survival rates can exceed 50% after surgery."
)
Y90 = re.compile(r"\by-?90\b", re.IGNORECASE)


def test_with_a_focus_only_sentences_about_it_speak_to_the_aspect():
    """A survival rate after surgery does not say how well Y-90 works; without the focus it would pass."""
    question, answer = "what is the success rate of Y-90?", [Y90_IS, SURGERY_OUTCOME]
    assert uncovered_aspect(question, answer) is None
    assert uncovered_aspect(question, answer, focus=Y90).name == "outcomes"
    going_on = "It has a response rate of about 40 percent."
    assert uncovered_aspect(question, [Y90_IS, going_on, SURGERY_OUTCOME], focus=Y90) is None
    assert uncovered_aspect(question, [SURGERY_OUTCOME], focus=Y90) is None  # no sentence names it: no focus


@pytest.mark.parametrize(
    "question", ["10 year survival after liver resection", "survival at two years after surgery"]
)
def test_a_survival_figure_at_another_time_does_not_answer(question):
    assert uncovered_aspect(question, [SURGERY_OUTCOME]).name == "time_span"


@pytest.mark.parametrize(
    "question", ["5 yr survival after liver resection", "five year survival after surgery"]
)
def test_a_survival_figure_at_the_time_asked_answers(question):
    assert uncovered_aspect(question, [SURGERY_OUTCOME]) is None


def test_with_a_focus_no_sentence_names_only_its_own_aspects_go_uncovered():
    """``named_only``: how well Y-90 works is spoken to only by a sentence naming Y-90; who decides on it is not
    an aspect of Y-90 itself, so the team sentence still speaks to it."""
    assert (
        uncovered_aspect("success rate of Y-90?", [SURGERY_OUTCOME], Y90, named_only=True).name == "outcomes"
    )
    team = "Treatment plans are developed by a multidisciplinary team of specialists."
    assert uncovered_aspect("who decides if I get Y-90", [team], Y90, named_only=True) is None


@pytest.mark.parametrize(
    "question", ["Who is at risk for intraocular melanoma?", "what are the risk factors for liver mets"]
)
def test_risk_factors_are_causes_not_a_treatments_risks(question):
    assert [aspect.name for aspect in asked_aspects(question)] == ["causes"]


def test_who_does_it_is_not_answered_by_the_team_that_decides():
    team = "Treatment plans are developed by a multidisciplinary team of specialists."
    assert uncovered_aspect("who does the TACE procedure", [team]).name == "who_performs"
    assert uncovered_aspect("who decides the treatment plan", [team]) is None


def test_how_metastases_are_managed_speaks_to_how_they_are_treated():
    """The leaflet's sentence on treatment choice says "management", not "treatment" (g-ans-051 was declined)."""
    managed = "The management of liver metastases is highly individualized, determined by the type of primary cancer."
    assert uncovered_aspect("how do doctors decide on treatment for liver mets", [managed]) is None
    silent = "Liver metastases often cause no symptoms in their early stages."
    assert uncovered_aspect("how do doctors decide on treatment for liver mets", [silent]).name == "treatment"


def test_treating_a_symptom_is_spoken_to_only_by_a_sentence_that_treats_a_symptom():
    """A surgery sentence holds treatment words, but does not say how pain is relieved ("pain relief options" was
    answered with the resection sentences)."""
    surgery = "Surgical resection, which involves removing the portion of the liver, offers the best chance of a cure."
    assert uncovered_aspect("liver mets pain relief options", [surgery]).name == "symptom_treatment"
    relief = "Pain medicines and a nerve block can relieve pain from a swollen liver."
    assert uncovered_aspect("liver mets pain relief options", [relief]) is None
    drained = "Ascites is treated by draining the fluid with a thin tube."
    assert uncovered_aspect("how is ascites treated", [drained]) is None


@pytest.mark.parametrize(
    "question",
    [
        "how are liver metastases treated",
        "how are liver secondaries treated, what are the main options",
        "does ascites come back after it is drained",  # whether it returns, not how it is treated
    ],
)
def test_treating_the_cancer_is_not_treating_a_symptom(question):
    assert "symptom_treatment" not in [aspect.name for aspect in asked_aspects(question)]


def test_a_sentence_about_cells_travelling_says_nothing_about_everyday_life():
    spread = "Cancer cells travel through the bloodstream and establish new tumors in the liver."
    assert uncovered_aspect("can you live a normal life with liver mets", [spread]).name == "daily_life"
    assert uncovered_aspect("what happens if liver mets are left untreated", [spread]).name == "untreated"


def test_which_is_better_is_spoken_to_only_by_a_sentence_that_compares():
    y90 = "A specialized type of embolization is Y-90 radioembolization, which uses microscopic beads."
    mri = (
        "MRI provides more detailed images and is considered more sensitive than CT for small liver lesions."
    )
    assert uncovered_aspect("is y90 better than tace", [y90]).name == "better"
    assert uncovered_aspect("which is better at spotting small tumours, CT or MRI?", [mri]) is None


def test_questions_to_ask_the_doctor_are_not_answered_by_what_the_disease_is():
    """Answered with symptom sentences before the aspect existed (the policy calls the question general, so it
    reaches answering): the materials hold no questions to ask, and the reply says so."""
    question = "What questions should I ask my doctor about liver metastases?"
    symptoms = ["More pronounced symptoms can arise if the metastases obstruct the flow of bile."]
    assert uncovered_aspect(question, symptoms).name == "questions_to_ask"
    listed = ["Questions you may want to ask your doctor include which treatments are possible and why."]
    assert uncovered_aspect(question, listed) is None
    assert "questions_to_ask" not in [
        found.name for found in asked_aspects("what should i ask for, TACE or Y-90?")
    ]


SYMPTOMS = [
    "When symptoms do appear, they are often vague, including general fatigue, unexplained weight loss, and loss "
    "of appetite.",
    "As the disease progresses, patients may experience pain or a feeling of fullness in the upper right side "
    "of the abdomen.",
]


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Can liver metastases cause a fever?", "fever"),
        ("can liver mets make ur legs swell", "legs"),
        ("What about the right shoulder — can liver tumours cause pain there too?", "shoulder"),
        ("is back pain a symptom of liver mets", "back pain"),
    ],
)
def test_a_symptom_list_without_the_symptom_asked_does_not_say_whether_it_is_one(question, named):
    """Answered with the symptom list before the check: it names fatigue and pain, not fever or the legs."""
    missing = uncovered_aspect(question, SYMPTOMS)
    assert missing.name == "named_effect"
    assert named in missing.label


@pytest.mark.parametrize(
    "question",
    [
        "Can cancer in the liver make your belly feel full or sore on one side?",
        "can liver mets make you tired",
        "are tiredness and weight loss signs of liver mets",
        "can liver mets make you lose weight",
        "what are the symptoms of liver mets",
        "can a tumour pushing back on the ribs cause pain",  # "back" is a place only in "back pain"
    ],
)
def test_a_symptom_named_in_other_words_or_none_named_is_spoken_to(question):
    assert uncovered_aspect(question, SYMPTOMS) is None


def test_a_symptom_named_inside_a_hyphenated_word_is_spoken_to():
    """ "dark-colored urine" names dark urine: the question was declined as not covered."""
    signs = "Other physical signs include dark-colored urine, pale stools, and ascites."
    assert uncovered_aspect("Can liver metastases cause dark urine or pale stools?", [signs]) is None
    assert uncovered_aspect("Can liver metastases cause a fever?", [signs]).name == "named_effect"


def test_a_proportion_is_spoken_to_by_a_number_or_a_share():
    half = (
        "Approximately half of all patients diagnosed with colorectal cancer will develop liver metastases."
    )
    blood = (
        "The liver receives a large volume of blood from two sources: the hepatic artery and the portal vein."
    )
    assert uncovered_aspect("what share of bowel cancer patients get liver mets", [half]) is None
    assert uncovered_aspect("how much of the liver's blood comes from the portal vein", [blood]).name == (
        "proportion"
    )


TEAM_ANSWER = [
    "Surgical resection offers the best potential for a cure in select patients.",
    "Treatment plans are developed by a multidisciplinary team of specialists.",
    "These experts combine systemic, local and surgical options.",
    "Another class of local treatments is embolization.",
]


def test_an_answer_keeps_the_sentences_speaking_to_the_narrower_aspect_asked():
    """ "Who decides…?" is answered by the team sentence and the one going on about it, not the surgery ones."""
    assert speaking_to_the_aspect("Who decides what treatment is used?", TEAM_ANSWER) == [1, 2]


def test_a_sentence_opening_these_keeps_the_one_before_it():
    y90 = [
        "A specialized type of embolization is Y-90 radioembolization.",
        "These microspheres deliver radiation with minimal effect on the rest of the liver.",
    ]
    assert speaking_to_the_aspect("does y-90 damage the rest of the liver", y90) == [0, 1]


@pytest.mark.parametrize(
    "question",
    [
        "what treatments are there for liver mets",  # a broad aspect: its words run through a whole section
        "what is a multidisciplinary team",  # no aspect asked
        "how long does TACE take",  # no sentence speaks to it: the uncovered check's business
    ],
)
def test_no_narrowing_without_a_narrower_aspect_some_sentence_speaks_to(question):
    assert speaking_to_the_aspect(question, TEAM_ANSWER) is None


def test_a_figure_for_how_much_of_the_liver_is_not_answered_by_a_survival_percentage():
    """ "50% survival after surgery" holds a percentage, but not one of the liver."""
    sentences = [
        "For patients with resectable colorectal liver metastases, five-year survival rates can exceed 50%."
    ]
    missing = uncovered_aspect("what percentage of the liver can be removed", sentences)
    assert missing is not None and missing.name == "liver_amount"
    assert (
        uncovered_aspect("what percentage of the liver can be removed", ["Up to 70% of the liver can go."])
        is None
    )


def test_family_members_are_not_the_treatment_team():
    assert "team_members" not in [aspect.name for aspect in asked_aspects("Can family members get it?")]
