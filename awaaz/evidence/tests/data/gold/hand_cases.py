# ruff: noqa: E501 - news sentences and fact sheets read best one per line
"""Hard cases written one by one, labelled from the text (fictional people and villages).

Each entry: (id, language, date, title, text, expected, cluster, tags). `expected` is None for
a report that is not a case report (every other field is then empty or null).
"""

from __future__ import annotations

from typing import Any


def V(gender: str, age: int | None, group: str) -> dict[str, Any]:  # noqa: N802 - short label
    return {"gender": gender, "age": age, "age_group": group}


def E(  # noqa: N802 - short label
    victims: list[dict[str, Any]],
    offences: list[str],
    rel: str,
    accused: int | None,
    district: str | None,
    province: str | None,
    ppc: list[str],
    fir: bool | None,
    arrest: bool | None,
) -> dict[str, Any]:
    return {
        "is_case_report": True,
        "victims": victims,
        "offence_types": offences,
        "perpetrator_relationship": rel,
        "num_accused": accused,
        "district": district,
        "province": province,
        "ppc_sections": ppc,
        "fir_registered": fir,
        "arrest_made": arrest,
    }


CASES: list[tuple[str, str, str, str, str, dict[str, Any] | None, str, list[str]]] = [
    # --- the same event in two languages, details disagree (age 9 / 10)
    (
        "h-pair1-en",
        "en",
        "2025-03-04",
        "Minor girl raped in Okara village",
        "OKARA: A nine-year-old girl was allegedly raped by a neighbour in a village near Renala "
        "Khurd on Sunday evening. According to the FIR, registered under Section 376(3) of the "
        "Pakistan Penal Code on the complaint of the girl's father, the suspect, Tariq alias Tari, "
        "lured the child to his cattle shed with the promise of sweets. Police said the suspect "
        "had been arrested and the medico-legal examination confirmed the assault.",
        E(
            [V("female", 9, "child")],
            ["rape"],
            "neighbour",
            1,
            "Okara",
            "Punjab",
            ["376(3)"],
            True,
            True,
        ),
        "h-pair1",
        ["two-languages", "conflicting-age"],
    ),
    (
        "h-pair1-ur",
        "ur",
        "2025-03-05",
        "اوکاڑہ: دس سالہ بچی سے زیادتی، ملزم گرفتار",
        "اوکاڑہ (نمائندہ جنگ) رینالہ خورد کے نواحی گاؤں میں 10 سالہ بچی کو ہمسائے نے مٹھائی کا لالچ دے کر "
        "زیادتی کا نشانہ بنا ڈالا۔ پولیس نے بچی کے والد کی مدعیت میں دفعہ 376 کے تحت مقدمہ درج کر کے ملزم "
        "طارق عرف طاری کو گرفتار کر لیا۔ بچی کو طبی معائنے کے لیے ہسپتال منتقل کر دیا گیا۔",
        E(
            [V("female", 10, "child")],
            ["rape"],
            "neighbour",
            1,
            "Okara",
            "Punjab",
            ["376"],
            True,
            True,
        ),
        "h-pair1",
        ["two-languages", "conflicting-age"],
    ),
    # --- a teenage boy who is 18
    (
        "h-teen18",
        "en",
        "2025-06-11",
        "Teenage boy sodomised at gunpoint in Mardan",
        "MARDAN: An 18-year-old teenage boy was sodomised at gunpoint by two men in the Takht Bhai "
        "area on Saturday, police said. The victim, a student of a local college, told police that "
        "the accused had forced him into a car on his way home. A case was registered under "
        "sections 377 and 34 of the PPC. The suspects are at large.",
        E(
            [V("male", 18, "adult")],
            ["gang_sodomy"],
            "unknown",
            2,
            "Mardan",
            "Khyber Pakhtunkhwa",
            ["377", "34"],
            True,
            False,
        ),
        "h-teen18",
        ["teenage-18", "men-as-victims"],
    ),
    # --- FIR first filed without sexual-offence sections
    (
        "h-fir-late",
        "en",
        "2025-02-19",
        "Police add rape charge weeks after girl's abduction",
        "SAHIWAL: Police have added Section 376 of the Pakistan Penal Code to an FIR that was "
        "initially registered only under Section 365-B (abduction) after a 15-year-old girl told "
        "a magistrate that she had been raped by her abductor. The girl was recovered from a house "
        "in Chichawatni last week. Her family had alleged that police ignored the sexual assault "
        "for three weeks. The suspect, a rickshaw driver known to the family, was arrested on "
        "Monday.",
        E(
            [V("female", 15, "child")],
            ["rape", "abduction"],
            "acquaintance",
            1,
            "Sahiwal",
            "Punjab",
            ["376", "365-B"],
            True,
            True,
        ),
        "h-fir-late",
        ["fir-without-sexual-sections"],
    ),
    (
        "h-fir-late-ur",
        "ur",
        "2025-04-02",
        "",
        "رحیم یار خان (نامہ نگار) خان پور کے علاقے میں 13 سالہ طالبہ کے اغوا کا مقدمہ پہلے صرف دفعہ 365 بی کے تحت "
        "درج کیا گیا تھا۔ بچی کی بازیابی کے بعد میڈیکل رپورٹ میں زیادتی کی تصدیق ہونے پر مقدمے میں دفعہ 376 شامل کر "
        "دی گئی۔ پولیس کے مطابق ملزم بچی کا رشتہ دار ہے اور تاحال فرار ہے۔",
        E(
            [V("female", 13, "child")],
            ["rape", "abduction"],
            "family",
            1,
            "Rahim Yar Khan",
            "Punjab",
            ["365-B", "376"],
            True,
            False,
        ),
        "h-fir-late-ur",
        ["fir-without-sexual-sections"],
    ),
    # --- boys under 377-B
    (
        "h-377b",
        "en",
        "2025-05-07",
        "Seminary teacher held for abusing boys",
        "MULTAN: Police arrested a seminary teacher on Tuesday for allegedly sexually abusing a "
        "12-year-old student at a madrassa in the Shujabad area. The FIR was registered under "
        "section 377-B (punishment for sexual abuse) of PPC and 53 (sexual abuse) of the Punjab "
        "Destitute and Neglected Children Act on the complaint of the boy's father.",
        E(
            [V("male", 12, "child")],
            ["sexual_assault"],
            "cleric",
            1,
            "Multan",
            "Punjab",
            ["377-B"],
            True,
            True,
        ),
        "h-377b",
        ["boys-377b"],
    ),
    (
        "h-377b-ur",
        "ur",
        "2025-08-14",
        "",
        "سیالکوٹ (بیورو رپورٹ) ڈسکہ کے علاقے میں مدرسے کے قاری نے 11 سالہ طالب علم کو بدفعلی کا نشانہ بنا ڈالا۔ "
        "پولیس نے بچے کے والد کی مدعیت میں دفعات 377 بی اور 377 کے تحت مقدمہ درج کر کے ملزم قاری کو گرفتار کر لیا۔",
        E(
            [V("male", 11, "child")],
            ["sodomy"],
            "cleric",
            1,
            "Sialkot",
            "Punjab",
            ["377-B", "377"],
            True,
            True,
        ),
        "h-377b-ur",
        ["boys-377b"],
    ),
    # --- men as victims
    (
        "h-man",
        "en",
        "2025-09-21",
        "Labourer gang-raped, filmed in Faisalabad",
        "FAISALABAD: A 27-year-old labourer was allegedly gang-raped by his employer and three "
        "accomplices at a factory in Jaranwala, who also filmed the assault and threatened to "
        "upload the video. Police said a case had been registered on the victim's complaint and "
        "two of the four suspects, including the factory owner, had been arrested.",
        E(
            [V("male", 27, "adult")],
            ["gang_rape"],
            "employer",
            4,
            "Faisalabad",
            "Punjab",
            [],
            True,
            True,
        ),
        "h-man",
        ["men-as-victims", "gang"],
    ),
    (
        "h-man-ur",
        "ur",
        "2025-10-02",
        "",
        "پشاور (اسٹاف رپورٹر) تھانہ چمکنی کی حدود میں 24 سالہ نوجوان کو اسلحہ کے زور پر تین ملزمان نے باری باری "
        "بدفعلی کا نشانہ بنایا اور ویڈیو بنا لی۔ پولیس نے مقدمہ درج کر لیا ہے تاہم ملزمان تاحال گرفتار نہیں ہو سکے۔",
        E(
            [V("male", 24, "adult")],
            ["gang_sodomy"],
            "unknown",
            3,
            "Peshawar",
            "Khyber Pakhtunkhwa",
            [],
            True,
            False,
        ),
        "h-man-ur",
        ["men-as-victims", "gang"],
    ),
    # --- murder after assault
    (
        "h-murder",
        "en",
        "2025-01-13",
        "Body of missing girl found; police say she was raped",
        "KASUR: The body of a seven-year-old girl who went missing on Thursday was found on a "
        "heap of garbage near Pattoki on Saturday. The post-mortem report confirmed that she had "
        "been raped and then strangled. Police registered a case under sections 302, 376 and "
        "364-A PPC against unidentified suspects. No arrest has been made so far.",
        E(
            [V("female", 7, "child")],
            ["rape", "murder_after_assault"],
            "stranger",
            None,
            "Kasur",
            "Punjab",
            ["302", "376", "364-A"],
            True,
            False,
        ),
        "h-murder",
        ["murder-after-assault"],
    ),
    (
        "h-murder-ur",
        "ur",
        "2025-07-30",
        "",
        "جھنگ (نمائندہ) شورکوٹ میں 8 سالہ بچے کو بدفعلی کے بعد قتل کر دیا گیا، لاش کھیتوں سے ملی۔ پولیس نے "
        "نامعلوم ملزمان کے خلاف مقدمہ درج کر لیا۔",
        E(
            [V("male", 8, "child")],
            ["sodomy", "murder_after_assault"],
            "stranger",
            None,
            "Jhang",
            "Punjab",
            [],
            True,
            None,
        ),
        "h-murder-ur",
        ["murder-after-assault"],
    ),
    # --- police as perpetrators
    (
        "h-police",
        "en",
        "2025-04-18",
        "ASI booked for raping woman in police station",
        "SARGODHA: An assistant sub-inspector (ASI) has been booked for allegedly raping a "
        "32-year-old woman inside the Bhalwal police station where she had come to pursue a "
        "complaint against her in-laws. The regional police officer suspended the ASI and ordered "
        "his arrest. The woman said he had threatened her with a fake case.",
        E([V("female", 32, "adult")], ["rape"], "police", 1, "Sargodha", "Punjab", [], True, None),
        "h-police",
        ["police-perpetrator"],
    ),
    (
        "h-police-ur",
        "ur",
        "2025-11-03",
        "",
        "سکھر (نمائندہ) دو پولیس اہلکاروں نے 16 سالہ لڑکی کو ناکے پر روک کر اجتماعی زیادتی کا نشانہ بنایا۔ ایس ایس پی "
        "نے نوٹس لیتے ہوئے دونوں اہلکاروں کو گرفتار کر کے مقدمہ درج کر لیا۔",
        E(
            [V("female", 16, "child")],
            ["gang_rape"],
            "police",
            2,
            "Sukkur",
            "Sindh",
            [],
            True,
            True,
        ),
        "h-police-ur",
        ["police-perpetrator", "gang"],
    ),
    # --- transgender victims, with and without a sexual element
    (
        "h-trans-sex",
        "en",
        "2025-03-27",
        "Transgender person gang-raped in Peshawar",
        "PESHAWAR: A 23-year-old transgender person was gang-raped by four men at a private "
        "function in the Hayatabad area on Sunday night, her guru told reporters. Police said "
        "an FIR had been registered and two suspects had been arrested.",
        E(
            [V("transgender", 23, "adult")],
            ["gang_rape"],
            "unknown",
            4,
            "Peshawar",
            "Khyber Pakhtunkhwa",
            [],
            True,
            True,
        ),
        "h-trans-sex",
        ["transgender"],
    ),
    (
        "h-trans-ur",
        "ur",
        "2025-05-22",
        "",
        "ڈیرہ اسماعیل خان (نامہ نگار) شادی کی تقریب سے واپسی پر خواجہ سرا کو مسلح افراد نے اغوا کر کے زیادتی کا "
        "نشانہ بنایا۔ خواجہ سرا برادری نے احتجاج کیا۔ پولیس نے مقدمہ درج کر لیا ہے۔",
        E(
            [V("transgender", None, "unknown")],
            ["rape", "abduction"],
            "stranger",
            None,
            "Dera Ismail Khan",
            "Khyber Pakhtunkhwa",
            [],
            True,
            None,
        ),
        "h-trans-ur",
        ["transgender"],
    ),
    (
        "h-trans-nosex",
        "en",
        "2025-06-02",
        "Transgender person shot dead in Mardan",
        "MARDAN: A transgender person was shot dead and another injured when armed men opened fire "
        "on them after they refused to dance at a wedding in Katlang. Police registered a case "
        "under section 302 PPC and arrested one suspect.",
        None,
        "h-trans-nosex",
        ["negative", "transgender-no-sexual"],
    ),
    (
        "h-trans-nosex-ur",
        "ur",
        "2025-09-09",
        "",
        "حیدرآباد (اسٹاف رپورٹر) لطیف آباد میں خواجہ سرا پر تشدد کر کے اس کے بال کاٹ دیے گئے، ویڈیو سوشل میڈیا پر "
        "وائرل ہونے کے بعد پولیس نے دو ملزمان کو گرفتار کر لیا۔",
        None,
        "h-trans-nosex-ur",
        ["negative", "transgender-no-sexual"],
    ),
    # --- a medical report denying abuse
    (
        "h-medical-no",
        "en",
        "2025-02-08",
        "Medical report rules out rape of girl",
        "GUJRANWALA: The medico-legal report of a 14-year-old girl, whose family had alleged she "
        "was raped by a neighbour, has ruled out sexual assault, police said on Wednesday. The "
        "girl had left home after a quarrel with her stepmother, the investigating officer said.",
        None,
        "h-medical-no",
        ["negative", "medical-denial"],
    ),
    (
        "h-medical-no-ur",
        "ur",
        "2025-08-01",
        "",
        "بہاولپور (نمائندہ) کمسن بچی سے مبینہ زیادتی کے واقعے میں میڈیکل رپورٹ آ گئی، رپورٹ کے مطابق بچی سے زیادتی "
        "ثابت نہیں ہوئی۔ پولیس کا کہنا ہے کہ معاملہ دو خاندانوں کے درمیان زمین کا تنازع ہے۔",
        None,
        "h-medical-no-ur",
        ["negative", "medical-denial"],
    ),
    # --- a fake case filed for blackmail
    (
        "h-fake",
        "en",
        "2025-05-15",
        "Woman, accomplice held for filing fake rape case",
        "SIALKOT: Police arrested a woman and her accomplice on Monday after an investigation "
        "found that the rape case they had registered against a local trader was fake and had "
        "been filed to blackmail him for Rs2 million. The investigation revealed that the "
        "accused had tried the same tactic with two other businessmen.",
        None,
        "h-fake",
        ["negative", "fake-case"],
    ),
    (
        "h-fake-ur",
        "ur",
        "2025-10-20",
        "",
        "ملتان (کرائم رپورٹر) زیادتی کا جھوٹا مقدمہ درج کروا کر شہری کو بلیک میل کرنے والی خاتون اور اس کا ساتھی "
        "گرفتار۔ پولیس کے مطابق تفتیش میں مقدمہ جھوٹا ثابت ہوا، ملزمان نے 10 لاکھ روپے کا مطالبہ کیا تھا۔",
        None,
        "h-fake-ur",
        ["negative", "fake-case"],
    ),
    # --- blackmail as the offender's method: still a case report
    (
        "h-blackmail-real",
        "en",
        "2025-07-08",
        "Man held for raping woman, blackmailing her with video",
        "RAWALPINDI: Police arrested a man on Sunday for allegedly raping a 21-year-old woman and "
        "blackmailing her with a video of the assault. The suspect, an acquaintance who had met "
        "her through social media, had been demanding money. A case was registered under sections "
        "376 and 292-C PPC.",
        E(
            [V("female", 21, "adult")],
            ["rape"],
            "acquaintance",
            1,
            "Rawalpindi",
            "Punjab",
            ["376", "292-C"],
            True,
            True,
        ),
        "h-blackmail-real",
        ["blackmail-method"],
    ),
    # --- non-sexual "harassment"
    (
        "h-harass-ns",
        "en",
        "2025-03-12",
        "Traders protest police harassment",
        "HYDERABAD: Traders of the Resham Bazaar on Tuesday staged a protest against what they "
        "called harassment by police officials, who they said were demanding bribes and arresting "
        "shopkeepers on flimsy grounds.",
        None,
        "h-harass-ns",
        ["negative", "non-sexual-harassment"],
    ),
    (
        "h-harass-ns2",
        "en",
        "2025-09-30",
        "Loan app agents held for harassing borrowers",
        "ISLAMABAD: The Federal Investigation Agency arrested five call-centre agents of an "
        "illegal loan app for harassing borrowers and their relatives with threatening calls. "
        "A woman borrower had complained that agents harassed her family for weeks.",
        None,
        "h-harass-ns2",
        ["negative", "non-sexual-harassment"],
    ),
    (
        "h-harass-ns-ur",
        "ur",
        "2025-06-17",
        "",
        "لاڑکانہ (نمائندہ) قبضہ مافیا کی جانب سے بیوہ خاتون کو ہراساں کرنے کا انکشاف، خاتون نے پریس کلب کے باہر "
        "احتجاج کرتے ہوئے بتایا کہ ملزمان اس کے مکان پر قبضہ کرنا چاہتے ہیں۔",
        None,
        "h-harass-ns-ur",
        ["negative", "non-sexual-harassment"],
    ),
    # --- sexual harassment: a case report
    (
        "h-harass-sex",
        "en",
        "2025-04-25",
        "Lecturer booked for sexually harassing student",
        "BAHAWALPUR: Police booked a university lecturer for sexually harassing a 20-year-old "
        "female student and sending her obscene messages. The student said the lecturer "
        "threatened to fail her. The FIR was registered under section 509 PPC. The lecturer has "
        "not been arrested yet.",
        E(
            [V("female", 20, "adult")],
            ["harassment"],
            "teacher",
            1,
            "Bahawalpur",
            "Punjab",
            ["509"],
            True,
            False,
        ),
        "h-harass-sex",
        ["harassment"],
    ),
    # --- roundups: one article, several victims
    (
        "h-roundup",
        "en",
        "2025-08-19",
        "Two minors assaulted in separate incidents",
        "SHEIKHUPURA: Two minors were sexually abused in separate incidents in the district on "
        "Sunday. In the first incident, a 10-year-old boy was sodomised by a shopkeeper in Ferozewala "
        "when he went to buy snacks. In the second, a six-year-old girl was raped by a relative in "
        "Muridke. Police registered cases against both suspects and arrested them.",
        E(
            [V("male", 10, "child"), V("female", 6, "child")],
            ["rape", "sodomy", "sexual_assault"],
            "family",
            2,
            "Sheikhupura",
            "Punjab",
            [],
            True,
            True,
        ),
        "h-roundup",
        ["roundup"],
    ),
    (
        "h-roundup-ur",
        "ur",
        "2025-12-01",
        "",
        "گوجرانوالہ (کرائم رپورٹر) ضلع میں زیادتی کے دو مختلف واقعات۔ کامونکی میں 14 سالہ لڑکی کو اوباش نے زیادتی کا "
        "نشانہ بنایا جبکہ نوشہرہ ورکاں میں 9 سالہ بچے کے ساتھ بدفعلی کی گئی۔ پولیس نے دونوں واقعات کے مقدمات درج کر "
        "لیے۔",
        E(
            [V("female", 14, "child"), V("male", 9, "child")],
            ["rape", "sodomy"],
            "unknown",
            None,
            "Gujranwala",
            "Punjab",
            [],
            True,
            None,
        ),
        "h-roundup-ur",
        ["roundup"],
    ),
    (
        "h-sisters",
        "en",
        "2025-10-11",
        "Two sisters raped by relatives in Jacobabad",
        "JACOBABAD: Two sisters, aged 12 and 14, were allegedly raped by their cousins over several "
        "months in a village of Thul tehsil, police said. An FIR was registered under section "
        "376 PPC and one suspect was arrested while the other is at large.",
        E(
            [V("female", 12, "child"), V("female", 14, "child")],
            ["rape"],
            "family",
            2,
            "Jacobabad",
            "Sindh",
            ["376"],
            True,
            True,
        ),
        "h-sisters",
        ["several-victims"],
    ),
    # --- statistics, policy, opinion: not case reports, though they use the words
    (
        "h-stats",
        "en",
        "2025-04-03",
        "Child abuse cases rise, says report",
        "ISLAMABAD: As many as 2,227 cases of child sexual abuse were reported across the country "
        "in the first six months of the year, according to a report released by a child rights "
        "organisation on Tuesday. Of these, 53 percent of the victims were girls and 47 percent "
        "boys. Punjab accounted for 75 percent of the cases, followed by Sindh.",
        None,
        "h-stats",
        ["negative", "statistics"],
    ),
    (
        "h-stats-ur",
        "ur",
        "2025-01-30",
        "",
        "اسلام آباد (خبر نگار) غیر سرکاری تنظیم کی سالانہ رپورٹ کے مطابق گزشتہ سال ملک بھر میں خواتین سے زیادتی کے "
        "4175 واقعات رپورٹ ہوئے، جن میں سے 60 فیصد واقعات پنجاب میں پیش آئے۔",
        None,
        "h-stats-ur",
        ["negative", "statistics"],
    ),
    (
        "h-policy",
        "en",
        "2025-02-26",
        "Senate passes anti-rape amendment bill",
        "ISLAMABAD: The Senate on Monday passed the Anti-Rape (Investigation and Trial) Amendment "
        "Bill, which provides for special courts and a sex offenders register. Lawmakers referred "
        "to the rape of a woman on the motorway in 2020 as the reason the law was needed.",
        None,
        "h-policy",
        ["negative", "policy"],
    ),
    (
        "h-oped",
        "en",
        "2025-07-19",
        "Our silence protects abusers",
        "Every time a child is raped in this country, we ask the same questions and then move on. "
        "Our society must stop blaming victims. Awareness in schools, trained police and swift "
        "trials would do more than the public hanging our politicians demand after every "
        "high-profile case.",
        None,
        "h-oped",
        ["negative", "opinion"],
    ),
    (
        "h-policy-ur",
        "ur",
        "2025-11-25",
        "",
        "لاہور (اسٹاف رپورٹر) پنجاب اسمبلی نے بچوں سے زیادتی کے مجرموں کو سخت سزائیں دینے کی قرارداد متفقہ طور پر منظور "
        "کر لی۔ ارکان نے کہا کہ سکولوں میں آگاہی مہم چلائی جائے۔",
        None,
        "h-policy-ur",
        ["negative", "policy"],
    ),
    # --- non-sexual crime
    (
        "h-robbery",
        "en",
        "2025-05-30",
        "Dacoits loot family, injure woman",
        "VEHARI: Armed dacoits broke into a house in Burewala on Sunday night, looted cash and "
        "jewellery and injured a woman who resisted. Police registered a case and said the "
        "suspects had fled.",
        None,
        "h-robbery",
        ["negative", "non-sexual-crime"],
    ),
    (
        "h-kidnap-ransom",
        "ur",
        "2025-03-16",
        "",
        "کوئٹہ (نامہ نگار) سریاب روڈ سے 12 سالہ بچے کو تاوان کے لیے اغوا کر لیا گیا، اغوا کاروں نے 50 لاکھ روپے تاوان "
        "طلب کیا ہے۔ پولیس نے مقدمہ درج کر لیا۔",
        None,
        "h-kidnap-ransom",
        ["negative", "non-sexual-crime"],
    ),
    # --- Roman Urdu
    (
        "h-roman1",
        "en",
        "2025-06-28",
        "Chiniot mein bachi se zyadti",
        "Chiniot: Bhawana ke ilaqe mein 8 saala bachi ke sath parosi ne zyadti ki. Police ne "
        "muqadma darj kar ke mulzim ko giraftar kar liya.",
        E([V("female", 8, "child")], ["rape"], "neighbour", 1, "Chiniot", "Punjab", [], True, True),
        "h-roman1",
        ["roman"],
    ),
    (
        "h-roman2",
        "en",
        "2025-09-03",
        "Mansehra: larke se badfeli",
        "Mansehra ke gaon mein 13 saala larke ke sath madrasse ke qari ne badfeli ki. Gharwalon ka "
        "kehna hai ke police muqadma darj nahi kar rahi aur mulzim farar hai.",
        E(
            [V("male", 13, "child")],
            ["sodomy"],
            "cleric",
            1,
            "Mansehra",
            "Khyber Pakhtunkhwa",
            [],
            False,
            False,
        ),
        "h-roman2",
        ["roman"],
    ),
    # --- attempted rape; Karachi (a city over several districts)
    (
        "h-attempt",
        "en",
        "2025-08-08",
        "Man held for attempting to rape girl",
        "KARACHI: Police arrested a man for attempting to rape a 13-year-old girl in Korangi on "
        "Thursday. Residents caught the suspect and handed him over to police. A case was "
        "registered under sections 376 and 511 PPC.",
        E(
            [V("female", 13, "child")],
            ["attempted_rape"],
            "unknown",
            1,
            "Korangi",
            "Sindh",
            ["376", "511"],
            True,
            True,
        ),
        "h-attempt",
        ["attempted"],
    ),
    (
        "h-court",
        "en",
        "2025-10-28",
        "Man sentenced to death for raping minor",
        "LODHRAN: An anti-terrorism court on Monday sentenced a man to death for raping and "
        "murdering an eight-year-old girl in Kahror Pakka in 2023. The convict, a neighbour of the "
        "girl, had been arrested days after the body was found.",
        E(
            [V("female", 8, "child")],
            ["rape", "murder_after_assault"],
            "neighbour",
            1,
            "Lodhran",
            "Punjab",
            [],
            None,
            True,
        ),
        "h-court",
        ["court-verdict"],
    ),
]


def rows() -> list[dict[str, Any]]:
    empty = {
        "is_case_report": False, "victims": [], "offence_types": [],
        "perpetrator_relationship": None, "num_accused": None, "district": None,
        "province": None, "ppc_sections": [], "fir_registered": None, "arrest_made": None,
    }  # fmt: skip
    out = []
    for id_, lang, date, title, text, expected, cluster, tags in CASES:
        out.append(
            {
                "input": {
                    "id": id_, "title": title, "text": text, "language": lang, "date": date,
                    "url": f"https://news.example.pk/{id_}",
                },
                "expected": expected if expected is not None else dict(empty),
                "cluster": cluster,
                "tags": ["hand", *tags],
            }
        )  # fmt: skip
    return out
