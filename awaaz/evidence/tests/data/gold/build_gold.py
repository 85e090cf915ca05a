# ruff: noqa: E501 - news sentences and fact sheets read best one per line
"""Write gold.jsonl: labelled news reports written for the tests (fictional people and villages).

Two parts, both labelled from what the text says, never from the extractor's output:

* hand_cases.py (written one by one): the hard cases real news has — roundups, negatives
  that use the trigger words, fake cases, a "teenage boy" who is 18, FIRs first filed without
  sexual-offence sections, the same event in two languages with conflicting details, and so on.
* generated reports: each one is composed from a fact sheet (victim, offence, accused, place,
  sections, FIR, arrest) drawn at random with a fixed seed, then told in one of several ways in
  English, Urdu or Roman Urdu; the label is the fact sheet. Some fact sheets are told twice (in
  English and in Urdu, the age off by one year, a day apart) and share a `cluster`.

Every fifth record is in the DEV split (the one the rules were tuned on); the rest is TEST.
Run `python awaaz/evidence/tests/data/gold/build_gold.py` to rewrite gold.jsonl (deterministic).
"""

from __future__ import annotations

import json
import random
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def hand_rows() -> list[dict[str, Any]]:
    """The hand-written records of hand_cases.py, a module next to this script."""
    rows: list[dict[str, Any]] = import_module("hand_cases").rows()
    return rows


# English name, Urdu name, province
DISTRICTS = [
    ("Kasur", "قصور", "Punjab"), ("Sheikhupura", "شیخوپورہ", "Punjab"),
    ("Okara", "اوکاڑہ", "Punjab"), ("Faisalabad", "فیصل آباد", "Punjab"),
    ("Multan", "ملتان", "Punjab"), ("Sahiwal", "ساہیوال", "Punjab"),
    ("Vehari", "وہاڑی", "Punjab"), ("Rahim Yar Khan", "رحیم یار خان", "Punjab"),
    ("Bahawalpur", "بہاولپور", "Punjab"), ("Sargodha", "سرگودھا", "Punjab"),
    ("Gujranwala", "گوجرانوالہ", "Punjab"), ("Sialkot", "سیالکوٹ", "Punjab"),
    ("Jhang", "جھنگ", "Punjab"), ("Mardan", "مردان", "Khyber Pakhtunkhwa"),
    ("Swabi", "صوابی", "Khyber Pakhtunkhwa"), ("Peshawar", "پشاور", "Khyber Pakhtunkhwa"),
    ("Abbottabad", "ایبٹ آباد", "Khyber Pakhtunkhwa"), ("Mansehra", "مانسہرہ", "Khyber Pakhtunkhwa"),
    ("Dera Ismail Khan", "ڈیرہ اسماعیل خان", "Khyber Pakhtunkhwa"),
    ("Hyderabad", "حیدرآباد", "Sindh"), ("Sukkur", "سکھر", "Sindh"), ("Larkana", "لاڑکانہ", "Sindh"),
    ("Khairpur", "خیرپور", "Sindh"), ("Quetta", "کوئٹہ", "Balochistan"),
    ("Nankana Sahib", "ننکانہ صاحب", "Punjab"), ("Lodhran", "لودھراں", "Punjab"),
    ("Muzaffargarh", "مظفرگڑھ", "Punjab"), ("Chiniot", "چنیوٹ", "Punjab"),
    ("Nowshera", "نوشہرہ", "Khyber Pakhtunkhwa"), ("Charsadda", "چارسدہ", "Khyber Pakhtunkhwa"),
    ("Dadu", "دادو", "Sindh"), ("Jacobabad", "جیکب آباد", "Sindh"),
    ("Mirpur Khas", "میرپور خاص", "Sindh"),
]  # fmt: skip
BUREAUS = [("LAHORE", "لاہور"), ("ISLAMABAD", "اسلام آباد")]
VILLAGES = ["Chak 41", "Basti Noorpur", "Kotli Sadat", "Dhok Mirza", "Goth Allah Bux", "Mauza Sultanabad"]  # fmt: skip
VILLAGES_UR = ["چک 41", "بستی نور پور", "کوٹلی سادات", "ڈھوک مرزا", "گوٹھ اللہ بخش", "موضع سلطان آباد"]  # fmt: skip
NAMES_M = ["Shakeel Ahmad", "Arif Hussain", "Nadeem Akhtar", "Babar Ali", "Zahid Iqbal", "Rizwan Saeed"]  # fmt: skip
NAMES_M_UR = ["شکیل احمد", "عارف حسین", "ندیم اختر", "بابر علی", "زاہد اقبال", "رضوان سعید"]

# relation, accused count, English, Urdu, Roman Urdu (the accused as the article names them)
PERPS = [
    ("family", 1, "her stepfather", "سوتیلے باپ", "sautelay baap"),
    ("family", 1, "a maternal uncle of the victim", "ماموں", "mamoon"),
    ("family", 1, "her cousin", "کزن", "cousin"),
    ("neighbour", 1, "a neighbour", "پڑوسی", "parosi"),
    ("neighbour", 2, "two neighbours", "دو پڑوسیوں", "do parosiyon"),
    ("teacher", 1, "a tuition teacher", "ٹیوشن ٹیچر", "tuition teacher"),
    ("teacher", 1, "a school teacher", "اسکول ٹیچر", "school teacher"),
    ("cleric", 1, "a prayer leader of the village mosque", "مسجد کے پیش امام", "pesh imam"),
    ("cleric", 1, "a qari of a local seminary", "مدرسے کے قاری", "madrasse ke qari"),
    ("employer", 1, "her employer", "مالک", "malik"),
    ("employer", 1, "the owner of a brick kiln", "بھٹہ مالک", "bhatta malik"),
    ("police", 1, "a police constable", "پولیس کانسٹیبل", "police constable"),
    ("police", 2, "two policemen", "دو پولیس اہلکاروں", "do police ahalkaron"),
    ("acquaintance", 1, "a family friend", "جاننے والے", "jaanne wale"),
    ("acquaintance", 1, "an acquaintance", "شناسا", "dost"),
    ("stranger", 3, "three unidentified men", "تین نامعلوم ملزمان", "teen namaloom afraad"),
    ("stranger", 2, "two unidentified men", "دو نامعلوم افراد", "do namaloom afraad"),
    ("unknown", 1, "a man", "ایک شخص", "ek shakhs"),
    ("unknown", 4, "four men", "چار افراد", "char afraad"),
]
MALE_OK = {"her stepfather": "his stepfather", "her cousin": "his cousin", "her employer": "his employer"}  # fmt: skip

OFFENCE_EN = {  # (active verb, passive verb)
    "rape": ("raped", "raped"),
    "gang_rape": ("gang-raped", "gang-raped"),
    "sodomy": ("sodomised", "sodomised"),
    "gang_sodomy": ("gang-sodomised", "gang-sodomised"),
    "attempted_rape": ("tried to rape", None),
    "sexual_assault": ("sexually assaulted", "sexually assaulted"),
    "harassment": ("sexually harassed", "sexually harassed"),
}
OFFENCE_UR = {
    "rape": "زیادتی کا نشانہ بنا ڈالا",
    "gang_rape": "اجتماعی زیادتی کا نشانہ بنایا",
    "sodomy": "بدفعلی کا نشانہ بنایا",
    "gang_sodomy": "اجتماعی بدفعلی کا نشانہ بنایا",
    "attempted_rape": "زیادتی کی کوشش کی",
    "sexual_assault": "دست درازی کی",
    "harassment": "جنسی طور پر ہراساں کیا",
}
OFFENCE_RO = {
    "rape": "zyadti ki",
    "gang_rape": "ijtimai zyadti ki",
    "sodomy": "badfeli ki",
    "gang_sodomy": "ijtimai badfeli ki",
    "attempted_rape": "zyadti ki koshish ki",
}
PPC = {
    "rape": ["376"],
    "gang_rape": ["376(2)"],
    "sodomy": ["377"],
    "gang_sodomy": ["377", "34"],
    "attempted_rape": ["376", "511"],
    "sexual_assault": ["354"],
    "harassment": ["509"],
}
UR_NUM = {1: "ایک", 2: "دو", 3: "تین", 4: "چار"}


def victim_facts(rng: random.Random, offence: str) -> dict[str, Any]:
    if offence in ("sodomy", "gang_sodomy"):
        gender = rng.choice(["male"] * 5 + ["transgender"])
    elif offence == "harassment":
        gender = "female"
    else:
        gender = rng.choice(["female"] * 6 + ["male"] * 2 + ["transgender"])
    if gender == "transgender":
        age: int | None = rng.choice([19, 22, 25, 28, 30, None])
    else:
        age = rng.choice(
            [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 22, 25, 30, 35, None]
        )
    if age is None:
        # "a khawaja sira" says nothing of age (codebook 3); "a woman", "a minor boy" do
        group = (
            "unknown" if gender == "transgender" else ("adult" if rng.random() < 0.4 else "child")
        )
    else:
        group = "child" if age < 18 else "adult"
    return {"gender": gender, "age": age, "age_group": group}


def en_victim(v: dict[str, Any]) -> tuple[str, str, str]:
    """Noun phrase, object pronoun, possessive pronoun."""
    g, age, group = v["gender"], v["age"], v["age_group"]
    if g == "transgender":
        noun = "transgender person" if age is not None else "khawaja sira"
        obj, pos = "her", "her"
    elif g == "female":
        noun = "girl" if group == "child" else "woman"
        obj, pos = "her", "her"
    else:
        noun = "boy" if group == "child" else "man"
        obj, pos = "him", "his"
    if age is not None:
        article = "an" if age in (8, 11, 18) or 80 <= age < 90 else "a"
        return f"{article} {age}-year-old {noun}", obj, pos
    if group == "child":
        return f"a minor {noun}", obj, pos
    return f"a {noun}" if noun != "khawaja sira" else "a khawaja sira", obj, pos


def ur_victim(v: dict[str, Any]) -> str:
    g, age, group = v["gender"], v["age"], v["age_group"]
    if g == "transgender":
        noun = "خواجہ سرا"
    elif g == "female":
        noun = (
            "بچی"
            if group == "child" and (age or 0) < 13
            else ("لڑکی" if group == "child" else "خاتون")
        )
    else:
        noun = (
            "بچے"
            if group == "child" and (age or 0) < 13
            else ("لڑکے" if group == "child" else "شخص")
        )
    if age is not None:
        return f"{age} سالہ {noun}"
    return f"کمسن {noun}" if group == "child" else noun


def ro_victim(v: dict[str, Any]) -> str:
    g, age, group = v["gender"], v["age"], v["age_group"]
    noun = {"female": "larki" if group == "child" else "khatoon", "male": "larke",
            "transgender": "khawaja sira"}[g]  # fmt: skip
    if g == "male" and group == "adult":
        noun = "shakhs"
    if age is not None:
        return f"{age} saala {noun}"
    return f"kamsin {noun}" if group == "child" else noun


def fact_sheet(rng: random.Random) -> dict[str, Any]:
    offence = rng.choice(
        ["rape"] * 6 + ["gang_rape"] * 3 + ["sodomy"] * 4 + ["gang_sodomy"]
        + ["attempted_rape"] * 2 + ["sexual_assault"] * 2 + ["harassment"]
    )  # fmt: skip
    victim = victim_facts(rng, offence)
    gang = offence.startswith("gang")
    perps = [
        p for p in PERPS if (p[1] >= 2) == gang or (not gang and p[1] >= 2 and rng.random() < 0.3)
    ]
    if victim["gender"] == "male":
        perps = [p for p in perps if "her " not in p[2] or p[2] in MALE_OK]
    perp = rng.choice(perps)
    district = rng.choice(DISTRICTS)
    extra: list[str] = []
    if offence in ("rape", "gang_rape", "sodomy") and rng.random() < 0.2:
        extra.append("abduction")
    if offence in ("rape", "gang_rape", "sodomy") and not extra and rng.random() < 0.12:
        extra.append("murder_after_assault")
    fir = rng.choice([True, True, True, False, None])
    arrest = (
        rng.choice([True, True, False, None]) if fir is not False else rng.choice([False, None])
    )
    sections = list(PPC[offence]) if fir and rng.random() < 0.75 else []
    if sections and "abduction" in extra:
        sections.append("365-B" if victim["gender"] == "female" else "364-A")
    if sections and "murder_after_assault" in extra:
        sections.append("302")
    return {
        "offence": offence, "victim": victim, "perp": perp, "district": district,
        "extra": extra, "fir": fir, "arrest": arrest, "sections": sections,
        "village": rng.randrange(len(VILLAGES)), "name": rng.randrange(len(NAMES_M)),
        "dateline_bureau": rng.random() < 0.25,
    }  # fmt: skip


def expected(f: dict[str, Any], victim: dict[str, Any] | None = None) -> dict[str, Any]:
    offence = f["offence"]
    if f["perp"][1] >= 2 and offence in ("rape", "sodomy"):
        offence = "gang_" + offence  # the codebook: two or more accused of one rape is a gang rape
    offences = [offence, *f["extra"]]
    order = ["rape", "gang_rape", "attempted_rape", "sodomy", "gang_sodomy", "sexual_assault",
             "harassment", "abduction", "murder_after_assault"]  # fmt: skip
    return {
        "is_case_report": True,
        "victims": [victim or f["victim"]],
        "offence_types": [o for o in order if o in offences],
        "perpetrator_relationship": f["perp"][0],
        "num_accused": f["perp"][1],
        "district": f["district"][0],
        "province": f["district"][2],
        "ppc_sections": f["sections"],
        "fir_registered": f["fir"],
        "arrest_made": f["arrest"],
    }


def tell_en(f: dict[str, Any], rng: random.Random, victim: dict[str, Any]) -> tuple[str, str]:
    district, village = f["district"][0], VILLAGES[f["village"]]
    v_np, obj, pos = en_victim(victim)
    _rel, count, perp_np, _, _ = f["perp"]
    if victim["gender"] == "male":
        perp_np = MALE_OK.get(perp_np, perp_np).replace("victim", "boy")
    active, passive = OFFENCE_EN[f["offence"]]
    dateline = "LAHORE" if f["dateline_bureau"] else district.upper()
    where = rng.choice([f"in {village}, a village of {district} district", f"in the {village} area of {district}",
                        f"near {village} in {district} district"])  # fmt: skip
    when = rng.choice(["on Monday", "on Sunday night", "late on Tuesday", "on Friday evening", "earlier this week"])  # fmt: skip
    if passive and rng.random() < 0.5:
        first = (
            f"{v_np.capitalize()} was allegedly {passive} by {perp_np} {where} {when}, police said."
        )
    else:
        first = f"{perp_np[0].upper() + perp_np[1:]} allegedly {active} {v_np} {where} {when}."
    body = [first]
    if "abduction" in f["extra"]:
        body.append(f"According to police, the suspect{'s' if count > 1 else ''} had abducted {obj} while {'she' if obj == 'her' else 'he'} was returning home from a shop.")  # fmt: skip
    if "murder_after_assault" in f["extra"]:
        body.append(f"The victim's body was found in a sugarcane field the next morning; the post-mortem report said {'she' if obj == 'her' else 'he'} had been strangled.")  # fmt: skip
    body.append(rng.choice([
        "The victim was shifted to the District Headquarters Hospital for a medico-legal examination.",
        f"Relatives said {pos} family had been threatened to stay silent.",
        "The victim's family staged a protest outside the police station, demanding justice.",
    ]))  # fmt: skip
    accused = "the suspects" if count > 1 else "the suspect"
    if f["fir"]:
        if f["sections"]:
            secs = " and ".join([", ".join(f["sections"][:-1]), f["sections"][-1]]) if len(f["sections"]) > 1 else f["sections"][0]  # fmt: skip
            body.append(rng.choice([
                f"Police registered a case under section{'s' if len(f['sections']) > 1 else ''} {secs} of the Pakistan Penal Code on the complaint of the victim's father.",
                f"An FIR has been lodged under section{'s' if len(f['sections']) > 1 else ''} {secs} PPC on the complaint of the victim's mother.",
            ]))  # fmt: skip
        else:
            body.append("A case has been registered on the complaint of the victim's brother.")
    elif f["fir"] is False:
        body.append("The family alleged that police had refused to register an FIR despite repeated requests.")  # fmt: skip
    if f["arrest"]:
        body.append(rng.choice([f"Police said {accused} had been arrested.", f"The police arrested {accused} on Tuesday and obtained {'their' if count > 1 else 'his'} physical remand."]))  # fmt: skip
    elif f["arrest"] is False:
        body.append(rng.choice([f"Police said {accused} {'are' if count > 1 else 'is'} at large and raids are being conducted.", "No arrest has been made so far."]))  # fmt: skip
    if rng.random() < 0.3:
        body.append("The district police officer took notice of the incident and directed the SHO to submit a report.")  # fmt: skip
    title = f"{'Girl' if victim['gender'] == 'female' and victim['age_group'] == 'child' else 'Victim'} {passive or 'assaulted'} in {district}" if passive else f"Attempt to rape foiled in {district}"  # fmt: skip
    return title, f"{dateline}: " + " ".join(body)


def tell_ur(f: dict[str, Any], rng: random.Random, victim: dict[str, Any]) -> tuple[str, str]:
    district_ur, village = f["district"][1], VILLAGES_UR[f["village"]]
    _rel, count, _, perp_ur, _ = f["perp"]
    dateline = "لاہور (اسٹاف رپورٹر)" if f["dateline_bureau"] else f"{district_ur} (نمائندہ خصوصی)"
    v = ur_victim(victim)
    verb = OFFENCE_UR[f["offence"]]
    where = rng.choice([f"{district_ur} کے نواحی علاقے {village} میں", f"ضلع {district_ur} کے گاؤں {village} میں"])  # fmt: skip
    if rng.random() < 0.5:
        first = f"{where} {v} کو {perp_ur} نے {verb}۔"
    else:
        first = f"{where} {perp_ur} نے {v} کو {verb}۔"
    body = [first]
    if "abduction" in f["extra"]:
        body.append("پولیس کے مطابق ملزم نے متاثرہ کو دکان سے واپسی پر اغوا کیا تھا۔")
    if "murder_after_assault" in f["extra"]:
        body.append("اگلی صبح لاش کھیتوں سے ملی، پوسٹ مارٹم رپورٹ کے مطابق گلا دبا کر قتل کیا گیا۔")
    body.append(rng.choice(["متاثرہ کو طبی معائنے کے لیے ڈسٹرکٹ ہسپتال منتقل کر دیا گیا۔",
                            "اہل علاقہ نے واقعے کے خلاف شدید احتجاج کیا۔"]))  # fmt: skip
    many = count > 1
    if f["fir"]:
        if f["sections"]:
            secs = " اور ".join(f["sections"])
            body.append(
                f"پولیس نے متاثرہ کے والد کی مدعیت میں دفعہ {secs} کے تحت مقدمہ درج کر لیا۔"
            )
        else:
            body.append("پولیس نے متاثرہ کے والد کی مدعیت میں مقدمہ درج کر لیا۔")
    elif f["fir"] is False:
        body.append("ورثا کا کہنا ہے کہ پولیس مقدمہ درج کرنے سے انکار کر رہی ہے۔")
    if f["arrest"]:
        body.append(
            "پولیس نے ملزمان کو گرفتار کر لیا۔" if many else "پولیس نے ملزم کو گرفتار کر لیا۔"
        )
    elif f["arrest"] is False:
        body.append(
            "ملزمان تاحال گرفتار نہیں ہو سکے۔" if many else "ملزم واردات کے بعد فرار ہو گیا۔"
        )
    headline = {"sodomy": "بدفعلی", "gang_sodomy": "اجتماعی بدفعلی", "gang_rape": "اجتماعی زیادتی",
                "attempted_rape": "زیادتی کی کوشش", "sexual_assault": "دست درازی",
                "harassment": "ہراساں کرنے کا واقعہ"}.get(f["offence"], "زیادتی")  # fmt: skip
    title = f"{district_ur}: {v} سے {headline}"
    return title, f"{dateline} " + " ".join(body)


def tell_ro(f: dict[str, Any], rng: random.Random, victim: dict[str, Any]) -> tuple[str, str]:
    district, village = f["district"][0], VILLAGES[f["village"]]
    _, count, _, _, perp_ro = f["perp"]
    first = f"{district}: {village} ke ilaqe mein {perp_ro} ne {ro_victim(victim)} ke sath {OFFENCE_RO[f['offence']]}."  # fmt: skip
    body = [first]
    if "abduction" in f["extra"]:
        body.append("Police ke mutabiq mulzim ne pehle usay dukaan se wapsi par aghwa kiya tha.")
    if "murder_after_assault" in f["extra"]:
        body.append("Agli subah laash kheton se mili, post-mortem report ke mutabiq gala daba kar qatl kiya gaya.")  # fmt: skip
    if f["fir"]:
        body.append("Police ne muqadma darj kar liya hai.")
    elif f["fir"] is False:
        body.append("Gharwalon ka kehna hai ke police muqadma darj nahi kar rahi.")
    if f["arrest"]:
        body.append("Mulzim ko giraftar kar liya gaya." if count == 1 else "Mulziman ko giraftar kar liya gaya.")  # fmt: skip
    elif f["arrest"] is False:
        body.append("Mulzim farar hai." if count == 1 else "Mulziman farar hain.")
    word = "badfeli" if "sodomy" in f["offence"] else "zyadti"
    return f"{district} mein {ro_victim(victim)} se {word}", " ".join(body)


def generated(rng: random.Random, n: int, start: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    k = start
    while len(rows) < n:
        f = fact_sheet(rng)
        lang_choices = ["en", "ur", "en", "ur"] + (["ro"] if f["offence"] in OFFENCE_RO else [])
        lang = rng.choice(lang_choices)
        pair = lang != "ro" and rng.random() < 0.15
        day = 1 + rng.randrange(27)
        month = 1 + rng.randrange(12)
        versions = [lang] + ([("ur" if lang == "en" else "en")] if pair else [])
        cluster = f"g{k:03d}"
        for j, version in enumerate(versions):
            victim = dict(f["victim"])
            if j == 1 and victim["age"] is not None and victim["age"] not in (17, 18):
                victim["age"] = victim["age"] + 1  # the second report gets the age off by one
            teller = {"en": tell_en, "ur": tell_ur, "ro": tell_ro}[version]
            title, text = teller(f, rng, victim)
            exp = expected(f, victim)
            if version == "ro":
                exp["ppc_sections"] = []
            rows.append({
                "input": {
                    "id": f"gen-{k:03d}-{version}", "title": title, "text": text,
                    "language": "ur" if version == "ur" else "en",
                    "date": f"2025-{month:02d}-{min(28, day + j):02d}",
                    "url": f"https://news.example.pk/{k:03d}-{version}",
                },
                "expected": exp, "cluster": cluster,
                "tags": ["generated", version] + (["two-languages"] if pair else []),
            })  # fmt: skip
        k += 1
    return rows


NEG_EN = [
    "{D}: As many as {N} cases of rape and {M} of sodomy were reported in {d} district during the "
    "last year, according to police figures shared with the district assembly. Officials said "
    "{P} percent of the cases ended in compromise between the parties.",
    "{D}: Speakers at a seminar on child protection on {day} said awareness about sexual abuse "
    "must be part of the school curriculum. They urged parents to talk to children about safe "
    "and unsafe touch and asked the government to set up more child protection units.",
    "{D}: Armed robbers looted a jewellery shop in the main bazaar of {d} on {day} and shot "
    "and injured a guard who tried to stop them. Police registered a case and said the "
    "robbers had fled on motorcycles.",
    "{D}: A man was shot dead by his cousins over a land dispute in a village of {d} district "
    "on {day}. Police arrested two suspects and registered a murder case under section 302 PPC.",
    "{D}: The medico-legal examination of a woman who had accused her neighbour of rape found "
    "no evidence of sexual assault, police said on {day}. The two families had a long-running "
    "dispute over a water channel, the investigating officer added.",
    "{D}: Police arrested a couple on {day} for registering a fake rape case against a "
    "shopkeeper in {d} to extort money from him. The investigation revealed that the woman had "
    "filed similar complaints twice before.",
    "{D}: Residents of a {d} colony protested on {day} against harassment by the electricity "
    "company's staff, who they said were disconnecting meters without notice and demanding "
    "bribes.",
    "{D}: The provincial cabinet on {day} approved a bill to set up special courts for cases of "
    "sexual violence against children, and a policy to train police investigators in {d} and "
    "other districts.",
    "{D}: Members of the khawaja sira community in {d} staged a protest on {day} after a "
    "transgender person was beaten and robbed by unidentified men. They demanded protection "
    "and jobs for the community.",
]
NEG_UR = [
    "{U} (نمائندہ) ضلع بھر میں گزشتہ سال زیادتی کے {N} اور بدفعلی کے {M} واقعات رپورٹ ہوئے، پولیس اعداد و شمار کے "
    "مطابق {P} فیصد مقدمات میں فریقین میں صلح ہو گئی۔",
    "{U} (اسٹاف رپورٹر) بچوں کے تحفظ کے حوالے سے سیمینار سے خطاب کرتے ہوئے مقررین نے کہا کہ جنسی زیادتی سے بچاؤ کی آگاہی "
    "نصاب کا حصہ ہونی چاہیے۔",
    "{U} (نامہ نگار) مسلح ڈاکو دن دہاڑے سنار کی دکان لوٹ کر فرار ہو گئے، مزاحمت پر چوکیدار کو زخمی کر دیا۔ پولیس نے "
    "مقدمہ درج کر لیا۔",
    "{U} (نمائندہ) زمین کے تنازع پر فائرنگ سے ایک شخص جاں بحق ہو گیا، پولیس نے دو ملزمان کو گرفتار کر لیا۔",
    "{U} (کرائم رپورٹر) خاتون سے مبینہ زیادتی کے واقعے کی میڈیکل رپورٹ میں زیادتی ثابت نہیں ہوئی، پولیس کے مطابق "
    "دونوں خاندانوں میں پرانی دشمنی ہے۔",
    "{U} (نمائندہ) دکاندار کو زیادتی کے جھوٹے مقدمے میں پھنسا کر بلیک میل کرنے والا جوڑا گرفتار، تفتیش میں مقدمہ "
    "جھوٹا ثابت ہوا۔",
    "{U} (اسٹاف رپورٹر) صوبائی کابینہ نے بچوں سے جنسی زیادتی کے مقدمات کے لیے خصوصی عدالتوں کے قیام کا بل منظور کر "
    "لیا۔",
    "{U} (نمائندہ) خواجہ سراؤں نے ساتھی پر تشدد اور لوٹ مار کے خلاف پریس کلب کے سامنے احتجاج کیا اور تحفظ کا "
    "مطالبہ کیا۔",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Saturday"]


def negatives(rng: random.Random, n: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for k in range(n):
        district = rng.choice(DISTRICTS)
        urdu = k % 2 == 1
        template = rng.choice(NEG_UR if urdu else NEG_EN)
        text = template.format(
            D=district[0].upper(), d=district[0], U=district[1], day=rng.choice(DAYS),
            N=rng.randrange(40, 400), M=rng.randrange(20, 200), P=rng.randrange(20, 70),
        )  # fmt: skip
        rows.append({
            "input": {
                "id": f"neg-{k:03d}", "title": "", "text": text,
                "language": "ur" if urdu else "en",
                "date": f"2025-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                "url": f"https://news.example.pk/neg-{k:03d}",
            },
            "expected": {
                "is_case_report": False, "victims": [], "offence_types": [],
                "perpetrator_relationship": None, "num_accused": None, "district": None,
                "province": None, "ppc_sections": [], "fir_registered": None, "arrest_made": None,
            },
            "cluster": f"neg-{k:03d}", "tags": ["generated", "negative"],
        })  # fmt: skip
    return rows


def main() -> None:
    rng = random.Random(20261121)
    hand = hand_rows()
    # fresh_cases.jsonl: 15 reports written after the rules were first frozen, to measure
    # them on unseen text (docs/codebook.md gives that first measurement)
    hand += [
        json.loads(line)
        for line in (HERE / "fresh_cases.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rows = hand + generated(rng, 150, 0) + negatives(rng, 30)
    for i, row in enumerate(rows):
        row["split"] = "dev" if i % 5 == 0 else "test"
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} records ({len(hand)} written by hand)")


if __name__ == "__main__":
    main()
