"""Load the official figures cited in the research report: `awaaz evidence_official_load`.

Every figure is stored exactly as the cited report gives it, with the publication it comes
from, the article that reported it, its period and what it counts. Run it again and nothing
changes; correct a figure here and the next run updates that one row.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from awaaz.evidence.services_figures import FigureImportError, official_figures_import

SAHIL_DEF = (
    "Cases of child sexual abuse, abduction, missing children and child marriage reported in "
    "national and regional newspapers, plus cases reported to Sahil; children up to 18 years. "
    "Counted from the news by Sahil's own method (its coding and de-duplication rules are not "
    "published)."
)
SAHIL_SHARE = "Share of all child victims in the year, as published."
HRCP_DEF = (
    "Counted by the Human Rights Commission of Pakistan from the press and its own monitoring, "
    "as published in its annual report."
)
MOHR_DEF = (
    "Rape cases registered by police (National Police Bureau data), as given by the Ministry "
    "of Human Rights."
)
SAMAA_DEF = (
    "Rape cases compiled by the SAMAA Investigation Unit from Punjab Home Department and "
    "Ministry of Human Rights data."
)
SSDO_DEF = (
    "Rape cases registered by police in 2024, obtained by the Sustainable Social Development "
    "Organisation through right-to-information requests."
)


def _year(y: int) -> tuple[str, str]:
    return f"{y}-01-01", f"{y}-12-31"


def _h1(y: int) -> tuple[str, str]:
    return f"{y}-01-01", f"{y}-06-30"


def _row(
    publisher: str,
    source: str,
    url: str,
    period: tuple[str, str],
    category: str,
    value: str,
    definition: str,
    *,
    unit: str = "cases",
    province: str = "",
    notes: str = "",
) -> dict[str, str]:
    return {
        "publisher": publisher,
        "source": source,
        "url": url,
        "area_level": "province" if province else "national",
        "province": province,
        "period_start": period[0],
        "period_end": period[1],
        "category": category,
        "definition": definition,
        "value": value,
        "unit": unit,
        "notes": notes,
    }


def _sahil(
    year: int,
    url: str,
    figures: dict[str, str],
    *,
    period: tuple[str, str] | None = None,
    label: str | None = None,
    notes: str = "",
) -> list[dict[str, str]]:
    source = f"Sahil, Cruel Numbers {label or year}"
    rows = []
    for category, value in figures.items():
        unit = "percent" if value.endswith("%") else "cases"
        rows.append(
            _row(
                "Sahil",
                source,
                url,
                period or _year(year),
                category,
                value.rstrip("%"),
                SAHIL_SHARE + " " + SAHIL_DEF if unit == "percent" else SAHIL_DEF,
                unit=unit,
                notes=notes,
            )
        )
    return rows


def seed_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    rows += _sahil(2015, "https://pakobserver.net/zainab-sahils-report", {"Total cases": "3768"})
    rows += _sahil(2016, "https://pakobserver.net/zainab-sahils-report", {"Total cases": "4139"})
    rows += _sahil(
        2017,
        "https://dailytimes.com.pk/229894",
        {
            "Total cases": "3445",
            "Girls": "2077",
            "Boys": "1368",
            "Abduction": "1039",
            "Missing children": "517",
            "Rape": "467",
            "Sodomy": "366",
            "Attempt": "206",
            "Gang sodomy": "180",
            "Gang rape": "158",
            "Child marriage": "109",
            "Murder after abuse": "109",
        },
        notes="91 newspapers monitored.",
    )
    rows += _sahil(
        2018,
        "https://nation.com.pk/04-Apr-2019",
        {
            "Total cases": "3832",
            "Girls": "1738",
            "Boys": "2094",
            "Abduction": "923",
            "Missing children": "452",
            "Rape": "537",
            "Sodomy": "589",
            "Gang sodomy": "282",
            "Attempted rape": "345",
            "Child marriage": "130",
        },
        notes="Boys were the majority of victims this year.",
    )
    rows += _sahil(
        2019,
        "https://thenews.com.pk/print/630275",
        {
            "Total cases": "2846",
            "Girls": "54%",
            "Boys": "46%",
            "Abduction": "778",
            "Missing children": "405",
            "Sodomy": "348",
            "Rape": "279",
            "Attempt": "210",
            "Gang sodomy": "205",
            "Gang rape": "115",
            "Child marriage": "104",
            "Incest (30 girls, 5 boys)": "35",
        },
        notes="84 newspapers monitored.",
    )
    rows += _sahil(
        2020,
        "https://pakngos.com.pk/cruel-numbers-2020-published",
        {
            "Total cases": "2960",
            "Girls": "51%",
            "Boys": "49%",
            "Sodomy": "985",
            "Rape": "787",
            "Pornography with abuse": "89",
            "Murder after abuse": "80",
            "Abduction": "834",
        },
        notes="84 newspapers monitored.",
    )
    rows += _sahil(
        2021,
        "https://newsweekpakistan.com",
        {
            "Total cases": "3852",
            "Girls": "54%",
            "Boys": "46%",
            "Child sexual abuse": "2275",
            "Murdered": "92",
            "Abduction": "1303",
        },
        notes="88 newspapers monitored.",
    )
    rows += _sahil(
        2022,
        "https://thenews.com.pk/print/991440",
        {
            "Total cases": "2211",
            "Girls": "1207",
            "Boys": "1004",
            "Rape": "243",
            "Sodomy": "298",
            "Gang rape": "41",
            "Gang sodomy": "87",
        },
        period=_h1(2022),
        label="January-June 2022",
    )
    rows += _sahil(
        2022,
        "https://sohris.com/cruel-numbers-2022",
        {
            "Total cases": "4253",
            "Girls": "55%",
            "Boys": "45%",
            "Child sexual abuse": "2123",
            "Sodomy": "712",
            "Rape": "612",
            "Attempt": "576",
            "Murder": "81",
            "Incest": "33",
            "Abduction": "1834",
        },
        notes="81 newspapers monitored.",
    )
    rows += _sahil(
        2023,
        "https://samaaenglish.tv/news/40046400",
        {
            "Total cases": "2227",
            "Girls": "1207",
            "Boys": "1020",
            "Boys aged 6-15": "593",
            "Girls aged 6-15": "457",
        },
        period=_h1(2023),
        label="January-June 2023",
        notes="86 newspapers monitored.",
    )
    rows += _sahil(
        2023,
        "https://bnnbreaking.com",
        {
            "Total cases": "4213",
            "Girls": "53%",
            "Boys": "47%",
        },
    )
    hrcp = "Human Rights Commission of Pakistan (HRCP)"
    rows += [
        _row(
            hrcp,
            "HRCP, State of Human Rights 2015",
            "https://pakistankakhudahafiz.com",
            _year(2015),
            "Women victims of sexual violence",
            "939",
            HRCP_DEF,
            unit="victims",
        ),
        _row(
            hrcp,
            "HRCP, State of Human Rights 2018",
            "https://pakistan.timesofnews.com",
            _year(2018),
            "Incidents of sexual violence against women",
            "845",
            HRCP_DEF,
        ),
        _row(
            hrcp,
            "HRCP, State of Human Rights 2023",
            "https://dailypakistan.com.pk/09-May-2024/1709752",
            _year(2023),
            "Women raped",
            "631",
            HRCP_DEF,
            unit="victims",
        ),
        _row(
            hrcp,
            "HRCP, State of Human Rights 2023",
            "https://dailypakistan.com.pk/09-May-2024/1709752",
            _year(2023),
            "Women gang-raped",
            "277",
            HRCP_DEF,
            unit="victims",
        ),
        _row(
            hrcp,
            "HRCP, State of Human Rights 2023",
            "https://dailypakistan.com.pk/09-May-2024/1709752",
            _year(2023),
            "Incidents of sexual violence against transgender persons",
            "11",
            HRCP_DEF,
        ),
        _row(
            hrcp,
            "HRCP, State of Human Rights 2024",
            "https://thenews.com.pk/amp/1307056",
            _year(2024),
            "Reported rapes",
            "4175",
            HRCP_DEF,
        ),
    ]
    mohr = "Ministry of Human Rights (National Police Bureau data)"
    for period, value in (
        (_year(2018), "4326"),
        (_year(2019), "4377"),
        (_year(2020), "3887"),
        (_h1(2021), "1866"),
    ):
        rows.append(
            _row(
                mohr,
                "Ministry of Human Rights, rape cases by year",
                "https://headlinenewsfeeds.com",
                period,
                "Rape",
                value,
                MOHR_DEF,
            )
        )
    samaa = "SAMAA Investigation Unit"
    for year, value in zip(
        range(2017, 2022), ("3327", "4456", "4573", "4478", "5169"), strict=True
    ):
        rows.append(
            _row(
                samaa,
                "SAMAA Investigation Unit, rapes 2017-2021",
                "https://english.jagran.com",
                _year(year),
                "Rapes",
                value,
                SAMAA_DEF,
                notes="21,900 in five years: one woman every two hours (reported 2022-10-13).",
            )
        )
    ssdo = "Sustainable Social Development Organisation (SSDO)"
    src = "SSDO, police data via right to information, 2024"
    url = "https://tribune.com.pk/story/2531669"
    rows += [
        _row(ssdo, src, url, _year(2024), "Rapes", "5339", SSDO_DEF),
        _row(ssdo, src, url, _year(2024), "Rapes", "4641", SSDO_DEF, province="Punjab"),
        _row(ssdo, src, url, _year(2024), "Rapes", "258", SSDO_DEF, province="Khyber Pakhtunkhwa"),
        _row(ssdo, src, url, _year(2024), "Rapes", "243", SSDO_DEF, province="Sindh"),
        _row(ssdo, src, url, _year(2024), "Rape conviction rate", "0.5", SSDO_DEF, unit="percent"),
        _row(
            ssdo,
            src,
            url,
            _year(2024),
            "Rapes per 100,000 people, Kasur district",
            "25.5",
            SSDO_DEF,
            unit="per_100k",
            province="Punjab",
        ),
    ]
    return rows


class Command(BaseCommand):
    help = "Load the official figures from the research report (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = official_figures_import(actor=None, rows=seed_rows())
        except FigureImportError as refused:
            raise CommandError("\n".join(refused.errors)) from refused
        self.stdout.write(
            f"official figures: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
