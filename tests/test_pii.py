"""PII scrubbing of what gets stored or logged: identifiers go, the medical content stays."""

import time

import pytest

from answering.guardrails import pii
from answering.guardrails.identifiers import Identifier
from answering.guardrails.pii import find_identifiers, scrub
from answering.guardrails.pii_data import load_messages
from evals.pii import score, words_lost


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, my name is Jane Doe.", "Hi, my name is [NAME]."),
        ("I'm Sarah, and I have liver mets", "I'm [NAME], and I have liver mets"),
        ("My husband Tom has jaundice", "My husband [NAME] has jaundice"),
        ("Dr. Patel said it is stable", "Dr. [NAME] said it is stable"),
        ("Thanks, Maria", "Thanks, [NAME]"),
        ("DOB: 03/04/1961", "DOB: [DATE]"),
        ("I was born on 5 March 1960", "I was born on [DATE]"),
        ("my scan on 12/01/2024 was clear", "my scan on [DATE] was clear"),
        ("surgery on March 3, 2023", "surgery on [DATE]"),
        ("dob 03-Feb-1949, on capecitabine", "dob [DATE], on capecitabine"),
        ("mail me at sam underscore lee at yahoo dot com please", "mail me at [EMAIL] please"),
        ("call 07700 900123", "call [PHONE]"),
        ("or (555) 123-4567 today", "or [PHONE] today"),
        ("ring +44 20 7946 0958", "ring [PHONE]"),
        ("mail jane.doe@example.com", "mail [EMAIL]"),
        ("MRN 12345678", "MRN [ID]"),
        ("medical record number: AB-99812", "medical record number: [ID]"),
        ("NHS number 943 476 5919", "NHS number [ID]"),
        ("SSN 123-45-6789", "SSN [ID]"),
        ("it is 123-45-6789", "it is [ID]"),
        ("send it to 12 rue de la Paix, 75002 Paris please", "send it to [ADDRESS] please"),
        ("Calle Mayor 5, 3º izq, 28013 Madrid", "[ADDRESS]"),
        ("Hauptstraße 12, 10115 Berlin", "[ADDRESS]"),
        ("ul. Długa 5/7, 00-238 Warszawa", "[ADDRESS]"),
        ("my dad stan wozniak has waited", "my dad [NAME] has waited"),
        ("my specialist nurse jen thinks", "my specialist nurse [NAME] thinks"),
        ("write to r.fitzgerald(at)eircom.net", "write to [EMAIL]"),
        ("call +234 803 555 0192", "call [PHONE]"),
        ("NIE X4512378L", "NIE [ID]"),
        ("my husband ahmed has jaundice", "my husband [NAME] has jaundice"),
        ("my mum bridget kearney", "my mum [NAME]"),
        # From the fourth writer's development templates: extensions, initials, prefixed numbers, named houses.
        ("ring 0113 496 0123 ext. 4021 after ten", "ring [PHONE] after ten"),
        ("my mobile is +44 (0)161 496 0999 x27", "my mobile is [PHONE]"),
        ("signed, R. Adeyemi-Cole", "signed, [NAME]"),
        ("letter from K.L. Mbeki about the scan", "letter from [NAME] about the scan"),
        ("quote RTH-004-558102 when you call", "quote [ID] when you call"),
        ("PPS 1234567TW on the form", "PPS [ID] on the form"),
        ("we're at The Old Forge, Mill Hill", "we're at [ADDRESS]"),
    ],
)
def test_identifiers_are_replaced_by_typed_placeholders(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "What is TACE?",
        "My bilirubin is 2.1 mg/dL and ALT 45 U/L",
        "five-year survival can exceed 50%",
        "I am 54 years old with 3 tumors of 2 cm",
        "I'm worried about my scan",
        "Im on cycle 4 of FOLFOX",
        "TACE goes via the hepatic artery in 1 session",
        "we stayed at the Plaza Hotel 2 nights",
        "my dad will be there and my mum may come",
        "my husband collapsed and wont wake up",
        "my dad vomited blood",
        "I'm dizzy and my heart is pounding",
        "my husband choking now",
        "P. S. Thanks for the leaflet",  # initials before a common word
        "her L. CEA was 12",
        "COVID-19 jab before FOLFOX-6?",
        "the x ray at 10",
    ],
)
def test_medical_content_is_left_alone(text):
    assert scrub(text) == text


def test_a_whole_message_keeps_its_question():
    message = (
        "I'm Ann Lee, DOB 1/2/1958, MRN 556677. My oncologist Dr. Chen says my CEA is 12. Call 555-867-5309."
    )
    scrubbed = scrub(message)
    for secret in ("Ann", "Lee", "1958", "556677", "Chen", "867"):
        assert secret not in scrubbed
    assert "my CEA is 12" in scrubbed


def test_the_scrubber_holds_its_figures_on_the_held_out_templates():
    """Labelled messages it was neither developed nor trained on (``python -m evals pii``): a guard below today's
    figures (recall 0.936, precision 0.964 on 2026-12-06 with the tagger; the rules alone 0.808 / 0.974), not the
    goal (0.97 / 0.95)."""
    held_out = score([m for m in load_messages() if m.split == "held_out"])
    assert held_out["recall"] >= 0.89
    assert held_out["precision"] >= 0.95


def test_the_tagger_finds_what_the_rules_miss_on_the_held_out_templates(monkeypatch):
    held_out = [m for m in load_messages() if m.split == "held_out"]
    with_tagger = score(held_out)["recall"]
    monkeypatch.setattr(pii, "shipped_tagger", lambda: _FixedTagger([]))
    assert with_tagger >= score(held_out)["recall"] + 0.04


def test_the_pii_figures_fail_a_scrubber_that_removes_nothing_or_everything():
    messages = list(load_messages())
    assert score(messages, finder=lambda text: [])["recall"] == 0.0
    everything = score(messages, finder=lambda text: [Identifier(0, len(text), "NAME")])
    assert everything["recall"] == 1.0 and everything["precision"] < 0.9
    texts = ["my husband snaps at me", "Mum, 74, on Percocet", "thanks bye"]
    assert words_lost(texts, finder=lambda text: [])["losing_words"] == 0
    assert words_lost(texts, finder=lambda text: [Identifier(0, 2, "NAME")])["losing_a_word_to_name"] == 3


def test_no_template_is_on_both_sides_of_the_split():
    splits: dict[str, set[str]] = {}
    for message in load_messages():
        splits.setdefault(message.template, set()).add(message.split)
    assert all(len(sides) == 1 for sides in splits.values())
    assert {"held_out", "development"} == set().union(*splits.values())


@pytest.mark.parametrize(
    "text",
    [
        "Is Y-90 better than TACE for 3 tumours?",
        "Keytruda every 3 weeks, CEA 12.4, ALT 85 - is that bad?",
        "Should I stay at The Christie or go to the Royal Marsden?",
        "my husband is worried about his scan on Monday 4th",
        "I'm worried, my mum has been on ward 7B since March",
    ],
)
def test_drug_names_lab_values_hospitals_and_feelings_are_not_identifiers(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("hi my name is ali khan, is FOLFOX usual?", "ali khan"),
        ("email me at margaret dot thompson at gmail dot com", "gmail"),
        ("my number's oh seven seven double oh nine double oh three four one", "seven"),
        ("post it to 42 Acacia Avenue, Reading RG1 4AB please", "Acacia"),
        ("Patient: Zofia Kowalczyk\nQuestion: is TACE painful?", "Kowalczyk"),
        ("born on the third of March nineteen fifty-eight", "March"),
    ],
)
def test_identifiers_in_patients_own_forms_are_removed(text, secret):
    assert secret not in scrub(text)


@pytest.mark.parametrize("unit", ["a ", "1 ", "x.", "1-", "a dot ", "Ab ", "my name is ", "x", "X", "xo"])
@pytest.mark.parametrize("tail", ["", " […6,000 more characters not stored]", " x"])
def test_a_long_repetitive_message_cannot_stall_the_scrubber(unit, tail):
    """Every stored turn is scrubbed: nested quantifiers once took 20 s on "1 1 1 …", and the sign-off rule
    minutes on one 4,000-letter word clipped for storage (the whole app froze). A generous bound, after the
    other languages' word lists are loaded (about a second, once per process, on the first capitalised word)."""
    scrub("Xavier Alvarez")
    started = time.perf_counter()
    scrub((unit * 4000)[:4000] + tail)
    assert time.perf_counter() - started < 2.0


def test_what_happened_to_someone_stays_readable_for_the_nurse():
    """A stored emergency must keep its symptom words: "my dad [NAME] blood" tells a nurse nothing. Few of the
    labelled emergencies (no names in them but a few carers' and relatives' words) may lose a word to [NAME]."""
    from answering.guardrails.emergency_data import load_emergency_set

    emergencies = [e for e in load_emergency_set() if e.emergency]
    named = [e for e in emergencies if any(f.kind == "NAME" for f in find_identifiers(e.text))]
    assert len(named) / len(emergencies) <= 0.008, [e.text for e in named[:10]]
    # The tagger learns from messages of the training templates: the held-out ones hold it to the same bound.
    held_out = [e for e in emergencies if e.split == "heldout"]
    assert sum(e in named for e in held_out) / len(held_out) <= 0.008


@pytest.mark.parametrize(
    "text",
    [
        "Mom's on MS Contin and Percocet for her liver mets pain, I think she doubled up",
        "Last month I broke out in hives the day after starting Bactrim",
        "Thanks, I'll ask the specialist nurse on Monday. Night.",
        "thanks bye",
        "my husband snaps at me since starting dexamethasone",
        "mum cries every night, dad forgets his tablets and my husband rang 111",
        "Mum, 74, breast cancer 2015, liver mets 2022, on letrozole",
        "Rigors, 39.4, dizzy, barely weeing, chemo day 10",
        "DAD CANT BREATHE PROPERLY",
        "I'm eighty-seven and not afraid",
        "Gran's been out cold since I got home and I'm lightheaded",
    ],
)
def test_medicines_relatives_and_what_they_do_are_not_names(text):
    assert [f for f in find_identifiers(text) if f.kind == "NAME"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A street named without its house number, the number or the town given apart.
        (
            "the ambulance should come to Larch Crescent, Basingstoke, we are number 23",
            "the ambulance should come to [ADDRESS], we are [ADDRESS]",
        ),
        ("I live on Bramble Lane, number 6, near the church", "I live on [ADDRESS], near the church"),
        (
            "my aunt lives on corso buenos aires, flat 14, is that far?",
            "my aunt lives on [ADDRESS], is that far?",
        ),
        ("she lives at rue des rosiers, third floor", "she lives at [ADDRESS], third floor"),
        (
            "Street is Nowowiejska, house 30, flat 2, Wrocław. Where do I send the form?",
            "Street is [ADDRESS]. Where do I send the form?",
        ),
        # A town in lower case after the house number; an Irish postal district at a sentence's end.
        ("pick me up at via Nazionale 40 roma at 8", "pick me up at [ADDRESS] at 8"),
        ("Flat 4, The Old Bakery, Thomas St, Dublin 8. Thanks", "[ADDRESS]. Thanks"),
        # Postcodes typed in lower case or after a cue of another country; the town after a continental postcode is
        # a piece of the address, as the labelled messages have it.
        ("C.P. 28013 Madrid", "C.P. [POSTCODE] [ADDRESS]"),
        ("zip code: 94110-1234", "zip code: [POSTCODE]"),
        ("we're in m20 4bx now", "we're in [POSTCODE] now"),
        ("CAP 20121, Milano", "CAP [POSTCODE], [ADDRESS]"),
        # Names: lower case after "its", a sign-off between kisses, a nickname, surname first, "family name".
        ("hi its gloria okafor, when is my next cycle?", "hi its [NAME], when is my next cycle?"),
        ("thanks, it really helped x kev & sue x", "thanks, it really helped x [NAME] & [NAME] x"),
        (
            "my gran Margaret ('Peggy' to everyone) has jaundice",
            "my gran [NAME] ('[NAME]' to everyone) has jaundice",
        ),
        ("Name: Achterberg, Sanne\nQuestion: is SIRT painful?", "Name: [NAME]\nQuestion: is SIRT painful?"),
        (
            "Mei Ling here (family name Tan). Is SIRT painful?",
            "[NAME] here (family name [NAME]). Is SIRT painful?",
        ),
    ],
)
def test_addresses_and_names_given_in_pieces_or_lower_case_are_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Is Y-90 via the hepatic artery better than TACE?",
        "FOLFOX and a CT every 3 months, then Capecitabine",
        "Reading the report, my CT shows 2 lesions in segment 4",
        "my B12 1st dose is tomorrow",
        "I'm number 3 on the waiting list for a flat 2 weeks wait",
        "Close monitoring of the liver after SIRT: When To Drive Again",
        "Great Ormond Street Hospital and Harley Street Clinic both do MRI",
        "The tumour in the left lobe is 3 cm, the one near the portal vein 2 cm",
        "stopped after 5 minutes of pinching, pupils like pinpoints",
        "forgot my own pin number again, am I allowed pineapple juice",
        "she's at 101, had chemo 6 days ago, shivery and weak",
        "I joke that I will live to 100 just to annoy my mother-in-law",
        "my count was low, Platelets 150000 and ALT, 120 this week",
        "the hospice is a 25 min drive, or a 10 minute walk from the bus",
        "they mentioned Hartmann's procedure and Riedel's lobe on the scan report",
    ],
)
def test_medical_words_and_counts_are_not_taken_for_addresses(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A postcode ends an address whatever the street's kind; a name read inside the street goes with it.
        (
            "send the leaflet to 8 Marie Viaduct, New Kelly, B63 1HY, thanks",
            "send the leaflet to [ADDRESS], thanks",
        ),
        ("Studio 69, Catherine Gardens, Carrollburgh, NR5 7WE", "[ADDRESS]"),
        ("we're at 7070 Warner Ridges Suite 228, North Kaylee, ND 72372 now", "we're at [ADDRESS] now"),
        ("post: 17 Kennedy Laneway, East Tony, VIC, 2609", "post: [ADDRESS]"),
        ("address: 47 Sharma Ganj, Danapur 635139", "address: [ADDRESS]"),
        # A town's growth that stops inside a postcode takes all of it, not "…Ballater AB35" and "5RL" left over.
        ("we're at Rowan Cottage, Deeside Road, Aboyne AB34 5HT.", "we're at [ADDRESS]."),
        ("next of kin: 9 Mill Lane, Armagh BT61 7QS", "next of kin: [ADDRESS]"),
        # Street kinds of Scotland, Norfolk and the US.
        ("post it to 6 Kirk Wynd, Kirkcaldy please", "post it to [ADDRESS] please"),
        ("send it to 1400 Meadow Parkway, Raleigh NC 27606", "send it to [ADDRESS]"),
        # After "I live at", a house number and a capitalised street of any kind.
        (
            "I live at 17 Jones Light and wanted to ask about TACE",
            "I live at [ADDRESS] and wanted to ask about TACE",
        ),
    ],
)
def test_an_address_of_any_street_kind_is_taken_up_to_its_postcode(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("adebayo says the drain is leaking again", "[NAME] says the drain is leaking again"),
        ("Her sons Tariq, Bilal and Hamza will come", "Her sons [NAME], [NAME] and [NAME] will come"),
        ("The sonographer Wojciech was lovely", "The sonographer [NAME] was lovely"),
        (
            "Uncle Bartek (everyone calls him Bart) is scared",
            "Uncle [NAME] (everyone calls him [NAME]) is scared",
        ),
        (
            "Grandma Halina - Hala to us - forgets her tablets",
            "Grandma [NAME] - [NAME] to us - forgets her tablets",
        ),
        ("my passport number is KP7HQ2M81, is that enough?", "my passport number is [ID], is that enough?"),
        ("hosp no QEH7731904 for the consent form", "hosp no [ID] for the consent form"),
        ("ring me if the bloods are off x femi", "ring me if the bloods are off x [NAME]"),
        ("Our number: 020 7946 0321\nLars & Britt Halvorsen", "Our number: [PHONE]\n[NAME] & [NAME]"),
        ("Rua Augusta 15, 01305-000 São Paulo", "[ADDRESS]"),
        ("Keizersgracht 12, 1015 CS Amsterdam", "[ADDRESS]"),
    ],
)
def test_names_without_a_cue_lists_of_names_and_cued_numbers_are_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ECG said sinus rhythm, rate 68",
        "Oximeter says 86%, normally I'm 96",
        "she calls her chemo 'the poison' lol",
        "should we call her oncologist's office when they open?",
        "took my daughters antihistamine by mistake",
        "radiographer said use the cream",
        "sudenly cant breath and chest pain",
        "1000 MG paracetamol, 2 tablets",
    ],
)
def test_words_opening_a_sentence_or_after_a_cue_stay_when_they_are_no_names(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Relatives in brackets, in other languages, in-laws; "X here" after a greeting; sign-offs.
        ("my dad (jerzy nowak) has SIRT on friday", "my dad ([NAME]) has SIRT on friday"),
        ("mi madre Rosa tiene metástasis", "mi madre [NAME] tiene metástasis"),
        ("my daughter-in-law meera says the CT was fine", "my daughter-in-law [NAME] says the CT was fine"),
        ("Hi, Farah here. My dad had SIRT", "Hi, [NAME] here. My dad had SIRT"),
        ("love from ama and kojo x", "love from [NAME] and [NAME] x"),
        ("thanks for the help\n- lucia", "thanks for the help\n- [NAME]"),
        # Addresses of other countries, with the floor, district, state and postcode around them.
        ("Av. Brasil, 1500 - apto 32 - Copacabana, Rio de Janeiro - RJ, 22000-000", "[ADDRESS]"),
        ("Storgatan 12, 111 51 Stockholm", "[ADDRESS]"),
        ("Schönhauser Allee 36, 10435 Berlin", "[ADDRESS]"),
        ("flat no 302, sai residency, madhapur, hyderabad", "[ADDRESS]"),
        ("5th floor, 100 Queen's Road Central, Hong Kong", "[ADDRESS]"),
        ("we're at Ivy Cottage on Back Lane, Holt", "we're at [ADDRESS]"),
        # A street in lower case or named alone, a house number said as such.
        ("pick mum up from rosemary lane please", "pick mum up from [ADDRESS] please"),
        ("my street's called Hazel Grove, house number is 31", "my street's called [ADDRESS]"),
        ("the post goes to apt 4B now", "the post goes to [ADDRESS] now"),
    ],
)
def test_relatives_and_addresses_of_other_countries_are_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "mi padre está vomitando sangre",
        "A mi madre le quieren cambiar la quimio a FOLFIRI",
        "mia madre ha avuto una crisi convulsiva",
        # the tagger learnt English: in another language it read most words as names
        "Minha irmã vomita tudo que toma desde anteontem, não faz xixi e tá muito fraquinha",
        "Ma mère respire très mal, elle n'arrive plus à finir ses phrases et elle devient toute grise",
        "during 2 weeks of FOLFOX I could bring 3 bags",
        "go down memory lane, the street is busy near the clinic",
        "my house is 2 miles from the hospital",
        "TACE at the day unit 4, suite 300, building 3",
    ],
)
def test_other_languages_and_everyday_words_stay_readable(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my name is Jan van der Berg and my wife has TACE", "my name is [NAME] and my wife has TACE"),
        ("I'm Maria de la Cruz, 58", "I'm [NAME], 58"),
        ("Kwame is my husband and he has jaundice", "[NAME] is my husband and he has jaundice"),
        ("my mother, who is called bronwen, is 80", "my mother, who is called [NAME], is 80"),
        ("i spoke to Bola at the liver clinic", "i spoke to [NAME] at the liver clinic"),
        ("the patient is amadou diallo, 71", "the patient is [NAME], 71"),
        # A guard for the longer name window: the words read after the name run into an e-mail found first.
        (
            "My GP's secretary Lorna said to email lorna.p@nhs.net",
            "My GP's secretary [NAME] said to email [EMAIL]",
        ),
    ],
)
def test_names_with_particles_or_before_the_relative_are_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("could you tell Dimitri I rang about the scan", "could you tell [NAME] I rang about the scan"),
        ("pls let marta know im running late", "pls let [NAME] know im running late"),
        ("Niamh from the liver nurse team called", "[NAME] from the liver nurse team called"),
        ("a man called Tobias answered the phone", "a man called [NAME] answered the phone"),
        ("I AM THE SON OF KWAME MENSAH-BOATENG", "I AM THE SON OF [NAME]"),
        ("MY NAME IS SUSAN OKAFOR, SHE IS MY MUM", "MY NAME IS [NAME], SHE IS MY MUM"),
        ("PATIENT GURPREET SINGH DHILLON NEEDS TRANSPORT", "PATIENT [NAME] NEEDS TRANSPORT"),
        ("hiya its aoife mcgrath here about my dads scan", "hiya its [NAME] here about my dads scan"),
        ("Hi, I'm Grace Obi's daughter, she had TACE today", "Hi, I'm [NAME] daughter, she had TACE today"),
        ("writing on behalf of Nguyễn Văn Minh", "writing on behalf of [NAME]"),
        ("kofi asante dob 4/5/1961 still waiting", "[NAME] dob [DATE] still waiting"),
        ("we moved to 88 Birch Hollow Dr, Tulsa, OK 74103-2210", "we moved to [ADDRESS]"),
        ("my names lucía fernández de la vega", "my names [NAME]"),
        (
            "can the nurse visit mum, shes called bronagh mcilroy",
            "can the nurse visit mum, shes called [NAME]",
        ),
        ("the name on it should be tunde bakare please", "the name on it should be [NAME] please"),
        ("it made it bearable, thanks from ifeoma nwosu", "it made it bearable, thanks from [NAME]"),
    ],
)
def test_names_passed_a_message_shouted_or_introduced_in_pieces_are_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "please tell them the ward is too cold",
        "ask questions before the TACE, let me know",
        "Nurses from the day unit were lovely",
        "call me on my mobile, I AM THE ONE WHO RANG",
        "thanks from all of us on the ward",
        "a leaflet for dad to read before the scan",
    ],
)
def test_message_passing_words_without_a_name_remove_nothing(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "my scan showed something called Budd-Chiari",
        "a tablet named capecitabine",
        "I'm desperate to find relief from the itching",
        # charities and hospices named after people (``patterns/pii/institutions.txt``)
        "a nurse from Marie Curie sat with him all night",
        "is Macmillan or Marie Curie better for night sitting at home",
        "the Sue Ryder hospice does a carers' group",
        # a relative's word or an honorific alone, in any language, is no one's name
        "Please send Nanay's results to the clinic",
        "Vati's scan is on Monday",
    ],
)
def test_things_called_by_a_name_and_feelings_are_not_names(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Room 1203, Building 5, 88 Zhongshan Road, Shanghai",
        "P.O. Box 1234-00100 Nairobi",
        "No. 5, Jalan Ampang, 50450 Kuala Lumpur",
        "Villa 12, Street 5, Al Barsha, Dubai",
    ],
)
def test_rooms_boxes_and_streets_of_asia_and_africa_are_one_address(text):
    assert scrub(text) == "[ADDRESS]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we live on Kingfisher Way, number fourteen", "we live on [ADDRESS]"),
        ("our door number is seven", "our [ADDRESS]"),
        (
            "the house name is Rosebank and the road is Mill Lane",
            "the house name is [ADDRESS] and the road is [ADDRESS]",
        ),
        ("it's Flat B above the shop", "it's [ADDRESS] above the shop"),
    ],
)
def test_house_numbers_in_words_letters_and_house_names_are_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text", ["that's our number one priority", "my flat is a mess", "Vitamin C and Hepatitis B are fine"]
)
def test_numbers_and_letters_that_are_no_house_stay(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ballymore, Castlebar, Co. Mayo F23 XY12", "[ADDRESS]"),
        # The town it is near, written as part of the address, belongs to it (as the labelled messages have it).
        ("We're at The Old Rectory, Little Budworth, near Tarporley", "We're at [ADDRESS]"),
        ("12 bis rue Victor Hugo, 69002 Lyon", "[ADDRESS]"),
        ("V.le Monza 22, Milano", "[ADDRESS]"),
    ],
)
def test_rural_addresses_and_abbreviated_street_kinds_are_one_address(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # From the ninth batch's development templates (pii-891…990): dates with another language's month, an
        # Indian PAN, number words in a spelled e-mail, Italian and Welsh street kinds, a form's "dob" label.
        ("mama born 14 febbraio 1939, lives alone", "mama born [DATE], lives alone"),
        ("nació el 2 de marzo de 1950, tiene metástasis", "nació el [DATE], tiene metástasis"),
        ("ur. 5 maja 1948, rak jelita", "ur. [DATE], rak jelita"),
        ("the PAN card says BQRPK5521L", "the PAN card says [ID]"),
        ("write to k underscore rao forty one at gmail dot com", "write to [EMAIL]"),
        ("nonna lives at Contrada Mandorli 9, 97100 Ragusa", "nonna lives at [ADDRESS]"),
        ("we're at 7 Heol y Nant, Aberdare CF44 8RT", "we're at [ADDRESS]"),
        ("my aunt dob 30/01/1947 has ascites", "my aunt dob [DATE] has ascites"),
        # From the tenth batch's (pii-991…1090): a hospice's or centre's name is no person's, hours are counted.
        ("she moved to the Ellen Wade Hospice on Monday", "she moved to the Ellen Wade Hospice on Monday"),
        ("it's 3 hrs round trip to the clinic", "it's 3 hrs round trip to the clinic"),
        # From the eleventh batch's (pii-1091…1190): " - " separates a list's items, not a phone number's digits.
        (
            "health card 9823 441 207 - born feb 2 1960 - 604-555-0161",
            "health card [ID] - born [DATE] - [PHONE]",
        ),
        # US and Canadian forms from every batch's development misses: a ZIP+4 after a state with no comma is no
        # phone number, Idaho's "ID" before its ZIP is no ID cue, a direction after the street kind is the street's.
        (
            "transport from 2231 Pine Ridge Dr, Sacramento CA 95825-1108 please",
            "transport from [ADDRESS] please",
        ),
        (
            "it's 615 Ridgeview Ln, Boise ID 83702, the house with the flag",
            "it's [ADDRESS], the house with the flag",
        ),
        ("we live 5532 Fremont Ave N, Seattle WA 98103", "we live [ADDRESS]"),
        # ID numbers after their cue typed in lower case, or after the scheme's name in brackets (fifteenth batch).
        ("medicare id: 5kd7xj2pn41, address to follow", "medicare id: [ID], address to follow"),
        ("Health card (OHIP): 4532-281-947-KT", "Health card (OHIP): [ID]"),
        # Welsh and Irish articles inside a street name typed before the postcode.
        (
            "the bed is coming to Ty Gwyn, Heol y Felin, Llanelli SA15 3PL on Thursday",
            "the bed is coming to [ADDRESS] on Thursday",
        ),
        # From the batch pii-1591…1650's development misses: a date written year first before a time is no phone number,
        # a message typed in capitals holds words, not an ID, after "PATIENT", and a date of birth may be spaced.
        ("APPOINTMENT 2025-05-19 09:30 ONCOLOGY", "APPOINTMENT [DATE] 09:30 ONCOLOGY"),
        ("PATIENT DESMOND OKAFOR DOB 1958-07-30. PLEASE CALL", "PATIENT [NAME] [DATE]. PLEASE CALL"),
        ("dob 7 5 1962 my hosp num is 4418230", "dob [DATE] my hosp num is [ID]"),
        ("PATIENT NO RTH 004339812", "PATIENT NO [ID]"),
        # From the batch pii-1651…1710's: the words of an e-mail address said aloud may be typed apart before "at".
        ("or email sue marsh at btinternet dot com. thanks", "or email [EMAIL]. thanks"),
        ("pls use liam b 66 at gmail dot com", "pls use [EMAIL]"),
        ("contact me at jo dot pike at gmail dot com", "contact me at [EMAIL]"),
        ("she's at home now, at ward 5", "she's at home now, at ward 5"),
    ],
)
def test_foreign_months_form_labels_and_more_street_kinds(text, expected):
    assert scrub(text) == expected


def test_a_weekday_after_a_house_name_is_no_town():
    """The house's name may be taken (a named house is an address; the tagger learnt "Ty Gwyn, Llanrug"), the
    weekday after it never is."""
    text = "we met at Jones Cottage, Friday"
    assert all(text[f.start : f.end] in ("", "Jones Cottage") for f in find_identifiers(text))


class _FixedTagger:
    """Stands in for the learned tagger: finds the given substrings, so the rules around it are tested alone."""

    def __init__(self, found: list[tuple[str, str]]) -> None:
        self.found = found

    def identifiers(self, text: str) -> list[Identifier]:
        return [
            Identifier(text.index(span), text.index(span) + len(span), kind)
            for span, kind in self.found
            if span in text
        ]


@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("BP 124/78, 130/82 this week", ("124/78, 130/82", "ADDRESS")),  # no letter: no address
        ("BP was 124/78 yesterday", ("124/78", "DATE")),  # the rules find dates
        ("her ALT was 84 and bilirubin 32", ("84 and bilirubin 32", "ID")),  # too few digits for a number
        ("Diarrhoea x15 in 24h", ("Diarrhoea x15", "NAME")),  # a digit: no name
        ("started Percocet yesterday", ("Percocet", "NAME")),  # a medicine
        ("mia madre ha avuto una crisi", ("mia madre", "NAME")),  # a relative
        ("my B12 1st dose is tomorrow", ("B12 1st", "POSTCODE")),  # an ordinal
        ("something called Budd-Chiari", ("Budd-Chiari", "NAME")),
        ("we drive in from near Tarporley", ("Tarporley", "NAME")),
        ("Harley Street Clinic does MRI", ("Harley", "NAME")),
        ('<img src=x onerror="alert(1)">', ("onerror", "NAME")),  # markup
    ],
)
def test_what_the_tagger_finds_is_kept_only_when_it_can_be_an_identifier(monkeypatch, text, tagged):
    monkeypatch.setattr(pii, "shipped_tagger", lambda: _FixedTagger([tagged]))
    assert scrub(text) == text


def test_what_the_tagger_finds_is_added_or_grows_what_the_rules_found(monkeypatch):
    text = "Can Oluwaseun pick up the Creon from 12 rue des Lilas, Bat. B, 75011 Paris"
    monkeypatch.setattr(pii, "shipped_tagger", lambda: _FixedTagger([]))
    by_rules = find_identifiers(text)
    tagged = [("Oluwaseun", "NAME"), ("Lilas, Bat. B", "ADDRESS")]
    monkeypatch.setattr(pii, "shipped_tagger", lambda: _FixedTagger(tagged))
    found = find_identifiers(text)
    assert Identifier(4, 13, "NAME") in found and Identifier(4, 13, "NAME") not in by_rules
    assert not any("Bat. B" in text[f.start : f.end] for f in by_rules)
    addresses = [text[f.start : f.end] for f in found if f.kind == "ADDRESS"]
    assert addresses == ["12 rue des Lilas, Bat. B"]
    assert all(not a.overlaps(b) for a in found for b in found if a != b)


@pytest.mark.parametrize(
    ("text", "tagged", "scrubbed"),
    [
        ("so tita nena has her scan today", ("tita nena", "NAME"), "so tita [NAME] has her scan today"),
        ("we went with kuya nonoy", ("kuya nonoy", "NAME"), "we went with kuya [NAME]"),
        ("mi madre Rosa tiene cita", ("mi madre Rosa", "NAME"), "mi madre [NAME] tiene cita"),
        ("CAP 20121, Milano", ("Milano", "NAME"), "CAP [POSTCODE], [ADDRESS]"),
    ],
)
def test_a_tagged_name_loses_the_titles_before_it_and_a_town_after_a_postcode_is_an_address(
    monkeypatch, text, tagged, scrubbed
):
    monkeypatch.setattr(pii, "shipped_tagger", lambda: _FixedTagger([tagged]))
    assert scrub(text) == scrubbed


def test_the_shipped_tagger_finds_names_without_a_cue():
    for text, name in [
        ("is it ok if Kwabena drives me home after the biopsy", "Kwabena"),
        ("Can Oluwaseun pick up the Creon prescription for me", "Oluwaseun"),
    ]:
        assert name not in scrub(text)


def test_training_learns_the_labelled_identifiers(tmp_path):
    """A tagger trained on a few labelled messages finds most of their identifiers again: behaviour, never a
    byte-for-byte retrain of the shipped file (float rounding may differ by CPU)."""
    from answering.guardrails.pii_tagger import PiiTagger
    from answering.guardrails.train_pii import negative_messages, train

    messages = [m for m in load_messages() if m.split == "development"][:80]
    train(messages, negative_messages(40), tmp_path / "pii.crfsuite")
    tagger = PiiTagger(tmp_path / "pii.crfsuite")
    assert score(messages, finder=tagger.identifiers)["recall"] >= 0.8
