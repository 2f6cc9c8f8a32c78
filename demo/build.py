"""Builds ``hartford_services.json``: the Hartford demo directory as HSDS 3.0 full service objects.

    python -m demo.build          # rewrites demo/hartford_services.json
    python -m demo.build --check  # exit 1 if the committed file is out of date

Everything here is fictional except the geography: organization and service names are invented
and end in "(demo)", phone numbers are in the 555-01XX range reserved for fiction, e-mail and web
addresses use ``example.org``. The places are real Hartford streets and landmarks; coordinates were
placed on the street lines of ``../shared/geo/hartford-bike-lanes.geojson`` or at well-known
landmarks, house numbers are approximate, and every point is checked against the city's official
neighbourhood polygons (``../shared/geo/hartford-neighborhoods.geojson``), whose name is stored on
the location. Ids are uuid5 of stable keys, so a rebuild gives the same ids and re-importing updates
in place. Output is deterministic (no clock, no randomness): dates are relative to REFERENCE_DATE and
``load_demo`` shifts them to the day it runs.
"""

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta, timezone

from demo import SERVICES_FILE
from demo.vocabulary import CATEGORY_TAXONOMY, POPULATION_TAXONOMY, demo_uuid, term_json
from geo import neighbourhood_at

# "Last verified" dates and capacity times below are written relative to this day.
REFERENCE_DATE = date(2026, 11, 23)
DEMO_MARK = "(demo)"
FICTION_NOTE = "Fictional listing for the Waypoint demo: the provider is invented, the place is real."

# --------------------------------------------------------------------------------------------------
# Places. key: (place name, street address, ZIP, latitude, longitude, how to get there)
# --------------------------------------------------------------------------------------------------
PLACES = {
    # Downtown
    "union-station": ("Union Station, outside the main doors", "1 Union Pl", "06103", 41.7687, -72.6818,
                      "Any CTtransit bus to Union Station; CTrail Hartford Line; Amtrak."),
    "library": ("Hartford Public Library (Downtown), community room", "500 Main St", "06103", 41.7623, -72.6731,
                "Main St buses; a short walk from the Main St / Pratt St stops."),
    "pratt": ("Pratt Street storefront", "45 Pratt St", "06103", 41.7662, -72.6743, "Main St buses, stop at Pratt St."),
    "broad-dt": ("Broad Street office", "150 Broad St", "06105", 41.7662, -72.6864, "Broad St buses."),
    "windsor-dt": ("Windsor Street centre", "60 Windsor St", "06120", 41.7741, -72.6726,
                   "Walk north from Downtown along Windsor St; Main St North buses."),
    "capitol-ave-dt": ("Capitol Avenue clinic", "185 Capitol Ave", "06106", 41.7633, -72.6812,
                       "Capitol Ave buses; near the State Capitol."),
    "asylum-st": ("Asylum Street drop-in", "210 Asylum St", "06103", 41.7675, -72.6770, "Asylum St buses."),
    # Asylum Hill
    "asylum-ave": ("Asylum Avenue centre", "700 Asylum Ave", "06105", 41.7700, -72.6935, "Asylum Ave buses."),
    "woodland": ("Woodland Street clinic", "120 Woodland St", "06105", 41.7745, -72.6990,
                 "Albany Ave or Asylum Ave buses; near Saint Francis Hospital."),
    "farmington-ah": ("Farmington Avenue office", "250 Farmington Ave", "06105", 41.7668, -72.6968,
                      "Farmington Ave buses."),
    "capitol-ave-ah": ("Capitol Avenue house", "600 Capitol Ave", "06106", 41.7624, -72.6978, "Capitol Ave buses."),
    "sigourney": ("Sigourney Street residence", "90 Sigourney St", "06105", 41.7720, -72.6940, "Asylum Ave buses."),
    # West End
    "farmington-we": ("Farmington Avenue West End", "980 Farmington Ave", "06105", 41.7661, -72.7123,
                      "Farmington Ave buses, stop at Prospect Ave."),
    "west-blvd": ("West Boulevard house", "190 West Blvd", "06105", 41.7615, -72.7097, "Capitol Ave buses."),
    "capitol-ave-we": ("Capitol Avenue West End", "900 Capitol Ave", "06106", 41.7611, -72.7023, "Capitol Ave buses."),
    # Frog Hollow
    "park-broad": ("Park Street at Broad Street", "430 Park St", "06106", 41.7590, -72.6890, "Park St buses."),
    "park-mid": ("Park Street storefront", "610 Park St", "06106", 41.7582, -72.6925, "Park St buses."),
    "zion-fh": ("Zion Street hall", "40 Zion St", "06106", 41.7546, -72.6931, "Park St buses, stop at Zion St."),
    "hamilton": ("Hamilton Street centre", "75 Hamilton St", "06106", 41.7530, -72.6990, "Park St buses."),
    "broad-fh": ("Broad Street at Russ Street", "330 Broad St", "06106", 41.7605, -72.6873, "Broad St buses."),
    # South Green
    "jefferson": ("Jefferson Street clinic", "85 Jefferson St", "06106", 41.7555, -72.6785,
                  "Washington St buses; near Hartford Hospital."),
    "wethersfield-sg": ("Wethersfield Avenue at South Green", "60 Wethersfield Ave", "06114", 41.7546, -72.6749,
                        "Main St / Wethersfield Ave buses."),
    "washington": ("Washington Street office", "290 Washington St", "06106", 41.7544, -72.6805,
                   "Washington St buses."),
    # Sheldon-Charter Oak
    "charter-oak": ("Charter Oak Avenue hall", "175 Charter Oak Ave", "06106", 41.7588, -72.6700,
                    "Main St buses, walk east on Charter Oak Ave."),
    "wyllys": ("Wyllys Street building", "80 Wyllys St", "06106", 41.7575, -72.6703, "Main St buses."),
    "sheldon": ("Sheldon Street house", "150 Sheldon St", "06106", 41.7590, -72.6668, "Main St buses."),
    # Barry Square
    "franklin-n": ("Franklin Avenue storefront", "250 Franklin Ave", "06114", 41.7470, -72.6760,
                   "Franklin Ave buses."),
    "franklin-s": ("Franklin Avenue hall", "480 Franklin Ave", "06114", 41.7420, -72.6775, "Franklin Ave buses."),
    "wethersfield-bs": ("Wethersfield Avenue office", "330 Wethersfield Ave", "06114", 41.7494, -72.6738,
                        "Wethersfield Ave buses."),
    "campfield": ("Campfield Avenue centre", "120 Campfield Ave", "06114", 41.7440, -72.6880,
                  "Franklin Ave or Maple Ave buses."),
    "summit": ("Summit Street clinic", "310 Summit St", "06106", 41.7475, -72.6905, "Broad St or Zion St buses."),
    "ledyard": ("Ledyard Street house", "40 Ledyard St", "06114", 41.7485, -72.6698, "Wethersfield Ave buses."),
    # South End
    "wethersfield-se": ("Wethersfield Avenue at Airport Road", "760 Wethersfield Ave", "06114", 41.7380, -72.6700,
                        "Wethersfield Ave buses."),
    "maple": ("Maple Avenue near Goodwin Park", "1010 Maple Ave", "06114", 41.7300, -72.6890,
              "Maple Ave buses."),
    "franklin-se": ("Franklin Avenue south", "640 Franklin Ave", "06114", 41.7365, -72.6785, "Franklin Ave buses."),
    "airport-rd": ("Airport Road building", "120 Airport Rd", "06114", 41.7370, -72.6720, "Wethersfield Ave buses."),
    # South Meadows
    "brainard": ("Brainard Road residence", "70 Brainard Rd", "06114", 41.7350, -72.6595,
                 "Shelter van from Union Station at 6 pm; Wethersfield Ave buses to Airport Rd then walk."),
    "murphy": ("Murphy Road warehouse", "160 Murphy Rd", "06114", 41.7420, -72.6533, "Wethersfield Ave buses."),
    "locust": ("Locust Street building", "35 Locust St", "06114", 41.7450, -72.6646, "Wethersfield Ave buses."),
    # Southwest
    "new-britain": ("New Britain Avenue centre", "1150 New Britain Ave", "06106", 41.7370, -72.6990,
                    "New Britain Ave buses."),
    "fairfield": ("Fairfield Avenue hall", "300 Fairfield Ave", "06114", 41.7330, -72.6930,
                  "New Britain Ave buses, walk south on Fairfield Ave."),
    # Behind the Rocks
    "zion-btr": ("Zion Street south", "310 Zion St", "06106", 41.7489, -72.6940, "Zion St buses."),
    "brookfield": ("Brookfield Street campus", "450 Brookfield St", "06106", 41.7479, -72.7059,
                   "New Britain Ave buses, walk north on Brookfield St."),
    "flatbush": ("Flatbush Avenue building", "200 Flatbush Ave", "06106", 41.7440, -72.7040, "Flatbush Ave buses."),
    "newington-ave": ("Newington Avenue house", "450 Newington Ave", "06106", 41.7360, -72.7080,
                      "New Britain Ave buses."),
    # Parkville
    "park-pv": ("Park Street, Parkville", "1490 Park St", "06106", 41.7567, -72.7091, "Park St buses."),
    "new-park": ("New Park Avenue building", "330 New Park Ave", "06106", 41.7536, -72.7086,
                 "New Park Ave buses; CTfastrak Parkville station nearby."),
    # Clay-Arsenal
    "main-ca": ("Main Street North", "1700 Main St", "06120", 41.7770, -72.6770, "Main St North buses."),
    "windsor-ca": ("Windsor Street north", "330 Windsor St", "06120", 41.7800, -72.6722, "Windsor St buses."),
    "albany-vine": ("Albany Avenue at Vine Street", "470 Albany Ave", "06120", 41.7770, -72.6860, "Albany Ave buses."),
    # North Meadows
    "weston": ("Weston Street shelter building", "220 Weston St", "06120", 41.7790, -72.6660,
               "Shelter shuttle from Union Station and Main St North; no bus stop at the door."),
    "leibert": ("North Meadows depot", "60 Leibert Rd", "06120", 41.7830, -72.6620, "Main St North buses, then walk."),
    # Upper Albany
    "albany-woodland": ("Albany Avenue at Woodland Street", "1010 Albany Ave", "06112", 41.7810, -72.6990,
                        "Albany Ave buses."),
    "albany-bha": ("Albany Avenue at Blue Hills Avenue", "860 Albany Ave", "06112", 41.7830, -72.6945,
                   "Albany Ave or Blue Hills Ave buses."),
    "homestead": ("Homestead Avenue hall", "150 Homestead Ave", "06112", 41.7780, -72.6940, "Albany Ave buses."),
    "garden": ("Garden Street house", "240 Garden St", "06112", 41.7780, -72.6880, "Albany Ave buses."),
    # Blue Hills
    "bha-holcomb": ("Blue Hills Avenue at Holcomb Street", "1200 Blue Hills Ave", "06112", 41.8000, -72.6985,
                    "Blue Hills Ave buses."),
    "tower": ("Tower Avenue hall", "180 Tower Ave", "06120", 41.8008, -72.6920, "Tower Ave or Blue Hills Ave buses."),
    # Northeast
    "barbour": ("Barbour Street centre", "350 Barbour St", "06120", 41.7880, -72.6785, "Barbour St buses."),
    "main-ne": ("Main Street, North End", "3000 Main St", "06120", 41.7941, -72.6646, "Main St North buses."),
    "vine-ne": ("Vine Street house", "280 Vine St", "06112", 41.7895, -72.6869, "Vine St / Albany Ave buses."),
    "clark": ("Clark Street building", "190 Clark St", "06120", 41.7830, -72.6830, "Barbour St buses."),
    "tower-ne": ("Tower Avenue at Barbour Street", "40 Tower Ave", "06120", 41.7985, -72.6759, "Tower Ave buses."),
}

# --------------------------------------------------------------------------------------------------
# Opening hours presets: lists of (freq, byday, opens, closes, description).
# --------------------------------------------------------------------------------------------------
DAILY = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"
HOURS = {
    "24/7": [("WEEKLY", DAILY, "00:00", "23:59", "Open 24 hours, every day.")],
    "overnight": [("WEEKLY", DAILY, "19:00", "07:00", "Overnight, 7 pm to 7 am, every night.")],
    "overnight-late": [("WEEKLY", DAILY, "21:00", "07:00", "Doors 9 pm to 7 am; last entry 11 pm.")],
    "wk9-5": [("WEEKLY", WEEKDAYS, "09:00", "17:00", "Monday to Friday, 9 am to 5 pm.")],
    "wk8-430": [("WEEKLY", WEEKDAYS, "08:00", "16:30", "Monday to Friday, 8 am to 4:30 pm.")],
    "wk-late": [
        ("WEEKLY", "MO,TU,WE,TH", "09:00", "20:00", "Monday to Thursday, 9 am to 8 pm."),
        ("WEEKLY", "FR", "09:00", "17:00", "Friday, 9 am to 5 pm."),
    ],
    "walk-in": [
        ("WEEKLY", WEEKDAYS, "08:00", "20:00", "Walk in Monday to Friday, 8 am to 8 pm."),
        ("WEEKLY", "SA", "09:00", "13:00", "Saturday, 9 am to 1 pm."),
    ],
    "wk+sat": [
        ("WEEKLY", WEEKDAYS, "09:00", "17:00", "Monday to Friday, 9 am to 5 pm."),
        ("WEEKLY", "SA", "09:00", "12:00", "Saturday, 9 am to noon."),
    ],
    "dosing": [
        ("WEEKLY", WEEKDAYS, "05:30", "12:00", "Dosing Monday to Friday, 5:30 am to noon."),
        ("WEEKLY", "SA,SU", "07:00", "10:00", "Weekend dosing, 7 am to 10 am."),
    ],
    "meals-daily": [
        ("WEEKLY", DAILY, "07:00", "08:30", "Breakfast every day, 7 to 8:30 am."),
        ("WEEKLY", DAILY, "17:00", "18:30", "Dinner every day, 5 to 6:30 pm."),
    ],
    "lunch-wk": [("WEEKLY", WEEKDAYS, "11:30", "13:00", "Lunch Monday to Friday, 11:30 am to 1 pm.")],
    "meals-weekend": [("WEEKLY", "SA,SU", "11:00", "13:00", "Weekend hot meal, Saturday and Sunday 11 am to 1 pm.")],
    "dinner-mwf": [("WEEKLY", "MO,WE,FR", "17:00", "18:30", "Community dinner Monday, Wednesday, Friday 5 to 6:30 pm.")],
    "pantry-weekly": [("WEEKLY", "TU,TH", "10:00", "14:00", "Tuesday and Thursday, 10 am to 2 pm.")],
    "pantry-monthly": [("MONTHLY", "2SA", "09:00", "12:00", "Second Saturday of every month, 9 am to noon.")],
    "pantry-monthly-eve": [("MONTHLY", "3WE", "15:00", "18:00", "Third Wednesday of every month, 3 to 6 pm.")],
    "pantry-wk-eve": [("WEEKLY", "WE", "16:00", "19:00", "Wednesday evening, 4 to 7 pm.")],
    "showers": [("WEEKLY", "MO,WE,FR", "08:00", "12:00", "Showers Monday, Wednesday, Friday 8 am to noon.")],
    "showers-daily": [("WEEKLY", DAILY, "07:00", "11:00", "Showers and laundry every morning, 7 to 11 am.")],
    "day-centre": [("WEEKLY", DAILY, "07:00", "19:00", "Every day, 7 am to 7 pm.")],
    "youth-drop": [
        ("WEEKLY", WEEKDAYS, "14:00", "20:00", "After school, Monday to Friday 2 to 8 pm."),
        ("WEEKLY", "SA", "12:00", "18:00", "Saturday, noon to 6 pm."),
    ],
    "van-evening": [("WEEKLY", WEEKDAYS, "18:00", "22:00", "Van on the street Monday to Friday, 6 to 10 pm.")],
    "van-late": [("WEEKLY", "TH,FR,SA", "21:00", "02:00", "Late van Thursday to Saturday, 9 pm to 2 am.")],
    "van-day": [("WEEKLY", "TU,TH", "10:00", "14:00", "Tuesday and Thursday, 10 am to 2 pm.")],
    "intake-am": [("WEEKLY", WEEKDAYS, "07:00", "11:00", "Intake Monday to Friday, 7 to 11 am; call first.")],
    "groups-eve": [("WEEKLY", "MO,TU,WE,TH", "17:30", "20:30", "Evening groups Monday to Thursday, 5:30 to 8:30 pm.")],
    "sat-clinic": [("WEEKLY", "SA", "09:00", "13:00", "Saturday clinic, 9 am to 1 pm.")],
    "tue-thu-eve": [("WEEKLY", "TU,TH", "17:00", "21:00", "Tuesday and Thursday evenings, 5 to 9 pm.")],
    "unknown": [],
}

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "pt": "Portuguese",
    "pl": "Polish",
    "bs": "Bosnian",
    "ht": "Haitian Creole",
    "ase": "American Sign Language",
}

FEES = {
    "free": ("Free.", [{"option": "Free", "amount": 0, "currency": "USD"}]),
    "free-no-ins": ("Free. No insurance needed.", [{"option": "Free", "amount": 0, "currency": "USD"}]),
    "sliding": (
        "Sliding scale by household income; nobody is turned away for inability to pay.",
        [{"option": "Sliding scale", "currency": "USD", "amount_description": "$0 to $40 a visit, by household income"}],
    ),
    "medicaid": (
        "HUSKY (Medicaid) and Medicare accepted; staff help uninsured people apply. No one turned away.",
        [
            {"option": "HUSKY / Medicaid", "amount": 0, "currency": "USD", "amount_description": "No cost with HUSKY Health"},
            {"option": "Uninsured", "currency": "USD", "amount_description": "Sliding scale; free if no income"},
        ],
    ),
    "insurance": (
        "Most insurance, HUSKY (Medicaid) and Medicare; state-funded beds for people without insurance.",
        [
            {"option": "Insurance or HUSKY", "amount": 0, "currency": "USD", "amount_description": "Usually no cost"},
            {"option": "No insurance", "amount": 0, "currency": "USD", "amount_description": "State-funded bed when available"},
        ],
    ),
    "sober-house": (
        "$160 a week, shared room. First week can be paid by a voucher; ask staff.",
        [{"option": "Weekly rent", "amount": 160, "currency": "USD", "amount_description": "Shared room, utilities included"}],
    ),
    "clinic-fee": (
        "$20 a visit, or free if you cannot pay.",
        [{"option": "Flat fee", "amount": 20, "currency": "USD", "amount_description": "Waived if you cannot pay"}],
    ),
}

DOCS = {
    "none": [],
    "id-optional": ["Photo ID if you have one — not required"],
    "id-insurance": ["Photo ID if you have one — not required", "Insurance or HUSKY card, if you have one"],
    "pantry": [
        "Photo ID if you have one — not required",
        "Something with a Hartford address (any letter) — ask if you have none",
    ],
    "dd214": ["DD-214 or VA card — staff can help you request one"],
    "benefits": [
        "Photo ID if you have one — not required",
        "Social Security number, if you know it",
        "Proof of income, if you have any",
    ],
    "residential": [
        "Photo ID if you have one — not required",
        "Insurance or HUSKY card, if you have one",
        "A list of your medications",
    ],
}

# --------------------------------------------------------------------------------------------------
# Organizations and their services.
# S(category codes, name, **details); the first category is the main one.
# --------------------------------------------------------------------------------------------------


def S(cats, name, **kw):
    return {"cats": cats.split(), "name": name, **kw}


ORGANIZATIONS = [
    {
        "key": "riverbend", "name": "Riverbend Recovery Collaborative",
        "about": "Detox, residential and outpatient addiction treatment in Behind the Rocks and Barry Square.",
        "places": ["brookfield", "franklin-n"], "year": 1994, "phone": "0101",
        "services": [
            S("detox", "Medical Detox (Withdrawal Management)", hours="24/7", langs="en es", pops="adults",
              age=(18, None), fee="insurance", docs="id-insurance", beds=(24, 3),
              elig="Adults 18 and over withdrawing from alcohol, opioids or benzodiazepines.",
              wait="Beds fill by mid-morning; call from 7 am.", apply="Call or walk in; a nurse screens you by phone."),
            S("residential-treatment", "Residential Treatment, 28 days", hours="24/7", langs="en es",
              pops="adults men", age=(18, None), fee="insurance", docs="residential", beds=(40, 2),
              elig="Men 18 and over after detox or with a referral.", apply="Referral from detox, the access line or self."),
            S("outpatient-treatment", "Intensive Outpatient Program (IOP)", hours="groups-eve", langs="en es",
              pops="adults", age=(18, None), fee="insurance", docs="id-insurance", at=["franklin-n"],
              elig="Adults who live at home; three evenings a week."),
            S("outpatient-treatment medication-treatment", "Outpatient Counselling and Buprenorphine", hours="wk-late",
              langs="en es pt", pops="adults", age=(18, None), fee="medicaid", docs="id-insurance", at=["franklin-n"],
              elig="Adults; same-week start for buprenorphine (Suboxone)."),
        ],
    },
    {
        "key": "northstar", "name": "North Star Shelter Network",
        "about": "Emergency shelter for single adults and families in the North End.",
        "places": ["windsor-ca", "weston", "main-ne"], "year": 1983, "phone": "0102",
        "services": [
            S("emergency-shelter", "Men's Emergency Shelter", hours="overnight", langs="en es", pops="men adults",
              age=(18, None), fee="free", docs="id-optional", beds=(88, 6), at=["weston"],
              elig="Men 18 and over. Sober not required; no weapons.", apply="Arrive by 7 pm or call for a bed."),
            S("emergency-shelter", "Women's Emergency Shelter", hours="overnight", langs="en es", pops="women adults",
              age=(18, None), fee="free", docs="id-optional", beds=(30, 2), at=["windsor-ca"],
              elig="Women 18 and over, including transgender women."),
            S("emergency-shelter", "Family Shelter", hours="24/7", langs="en es ht", pops="families",
              fee="free", docs="id-optional", beds=(60, 0), at=["main-ne"],
              elig="Parents or guardians with children under 18.",
              apply="Call 2-1-1 or the network's intake line; families are placed the same day when possible."),
            S("meals", "Shelter Supper (open to all)", hours="dinner-mwf", langs="en es", fee="free", docs="none",
              at=["windsor-ca"], elig="Anyone hungry; no need to be a shelter guest."),
        ],
    },
    {
        "key": "lantern", "name": "Lantern House Day Centre",
        "about": "A downtown day centre: showers, laundry, mail, meals and help with ID.",
        "places": ["windsor-dt"], "year": 2001, "phone": "0103",
        "services": [
            S("showers-laundry", "Showers and Laundry", hours="showers-daily", langs="en es", fee="free",
              docs="none", elig="Anyone without a place to wash. Towels, soap and razors provided."),
            S("meals", "Breakfast and Dinner", hours="meals-daily", langs="en es", fee="free", docs="none",
              elig="Anyone; no questions asked."),
            S("id-benefits", "ID, Mail and Benefits Desk", hours="wk9-5", langs="en es pt", fee="free",
              docs="benefits", elig="Adults without a stable address; mail service for up to a year."),
            S("warming-center", "Day Centre (warm place to stay)", hours="day-centre", langs="en es", fee="free",
              docs="none", elig="Anyone needing a warm, dry place during the day.", pops="adults pets",
              about="Pets on a leash welcome in the front room."),
        ],
    },
    {
        "key": "capitol-crossing", "name": "Capitol Crossing Street Outreach",
        "about": "Outreach workers and a harm-reduction van that meet people where they are.",
        "places": ["union-station", "pratt"], "year": 2012, "phone": "0104",
        "services": [
            S("harm-reduction", "Harm Reduction Van: Syringe Services and Naloxone", hours="van-evening",
              langs="en es", fee="free", docs="none", at=["union-station"],
              elig="Anyone who uses drugs, and their friends and family.",
              about="Clean syringes, naloxone (Narcan), fentanyl test strips, wound care, referrals."),
            S("harm-reduction", "Late-Night Naloxone Van", hours="van-late", langs="en es", fee="free",
              docs="none", at=["union-station"], elig="Anyone. Free naloxone, no name needed."),
            S("id-benefits", "Outreach Case Management", hours="wk8-430", langs="en es", fee="free",
              docs="id-optional", at=["pratt"], elig="People living outside or in cars in Hartford."),
        ],
    },
    {
        "key": "parkside", "name": "Parkside Community Health",
        "about": "A community health centre on Park Street: primary care, dental referrals and addiction medicine.",
        "places": ["park-broad", "park-mid"], "year": 1978, "phone": "0105",
        "services": [
            S("primary-care", "Primary Care (walk-ins welcome)", hours="walk-in", langs="en es pt", fee="sliding",
              docs="id-insurance", elig="Anyone; uninsured welcome.", interp="Phone interpreter for any language."),
            S("medication-treatment", "Buprenorphine (Suboxone) Same-Day Start", hours="wk-late", langs="en es",
              pops="adults", age=(18, None), fee="medicaid", docs="id-insurance",
              elig="Adults with opioid use disorder; no waiting list."),
            S("mental-health-walk-in", "Behavioural Health Walk-In", hours="wk9-5", langs="en es", fee="sliding",
              docs="id-optional", at=["park-mid"], elig="Anyone 12 and over.", age=(12, None)),
            S("id-benefits", "HUSKY and SNAP Enrollment", hours="wk9-5", langs="en es pt", fee="free",
              docs="benefits", at=["park-mid"], elig="Anyone who lives in Connecticut."),
        ],
    },
    {
        "key": "casa-esperanza", "name": "Casa Esperanza del Parque",
        "about": "Bilingual (Spanish/English) counselling and recovery services for Latino families.",
        "places": ["park-mid", "zion-fh"], "year": 1989, "phone": "0106",
        "services": [
            S("outpatient-treatment", "Programa Ambulatorio / Outpatient Recovery", hours="wk-late", langs="es en",
              pops="adults", age=(18, None), fee="medicaid", docs="id-insurance",
              elig="Adults; services in Spanish first."),
            S("mental-health-walk-in", "Consejería sin cita / Walk-in Counselling", hours="wk9-5", langs="es en",
              fee="sliding", docs="none", at=["zion-fh"], elig="Anyone; families welcome.", pops="families"),
            S("youth-services", "Jóvenes Adelante Youth Group", hours="youth-drop", langs="es en", pops="youth",
              age=(12, 17), fee="free", docs="none", at=["zion-fh"], elig="Young people 12 to 17."),
            S("domestic-violence", "Apoyo para Sobrevivientes / Survivor Support", hours="wk9-5", langs="es en",
              pops="women families", fee="free", docs="none", at=["zion-fh"],
              elig="Anyone experiencing abuse at home; confidential."),
        ],
    },
    {
        "key": "blue-hills-table", "name": "Blue Hills Family Table",
        "about": "Food and after-school programmes in Blue Hills.",
        "places": ["bha-holcomb", "tower"], "year": 1999, "phone": "0107",
        "services": [
            S("food-pantry", "Family Food Pantry", hours="pantry-weekly", langs="en ht", pops="families",
              fee="free", docs="pantry", elig="Hartford households; once a week."),
            S("meals", "Sunday Community Dinner", hours=[("WEEKLY", "SU", "15:00", "17:00", "Sundays 3 to 5 pm.")],
              langs="en", fee="free", docs="none", at=["tower"], elig="Everyone welcome."),
            S("youth-services", "After-School Homework Club", hours="youth-drop", langs="en ht", pops="youth",
              age=(6, 14), fee="free", docs="none", at=["tower"], elig="Children 6 to 14 with a parent's consent."),
        ],
    },
    {
        "key": "south-green-med", "name": "South Green Medication Clinic",
        "about": "Methadone and buprenorphine treatment with counselling, open early every day.",
        "places": ["wethersfield-sg", "ledyard"], "year": 1986, "phone": "0108",
        "services": [
            S("medication-treatment", "Methadone Maintenance", hours="dosing", langs="en es pl", pops="adults",
              age=(18, None), fee="medicaid", docs="id-insurance",
              elig="Adults with opioid use disorder. New patients: intake weekday mornings.",
              apply="Walk in for intake Monday to Friday 6 to 9 am."),
            S("medication-treatment", "Buprenorphine and Naltrexone Clinic", hours="wk9-5", langs="en es",
              pops="adults", age=(18, None), fee="medicaid", docs="id-insurance"),
            S("harm-reduction", "Naloxone Training and Kits", hours="wk9-5", langs="en es pl", fee="free",
              docs="none", elig="Anyone; 10-minute training, free kit."),
            S("outpatient-treatment", "Methadone Counselling Groups", hours="groups-eve", langs="en es",
              pops="adults", age=(18, None), fee="medicaid", docs="id-insurance", at=["ledyard"]),
        ],
    },
    {
        "key": "barry-square-pantry", "name": "Barry Square Neighbours Pantry",
        "about": "A volunteer food pantry run by neighbours.",
        "places": ["franklin-s"], "year": 2008, "phone": "0109", "verified": 250,
        "services": [
            S("food-pantry", "Monthly Grocery Distribution", hours="pantry-monthly", langs="en es bs",
              fee="free", docs="pantry", elig="Households in Hartford's South End and Barry Square."),
            S("food-pantry", "Emergency Food Bag", hours="wk9-5", langs="en es", fee="free", docs="none",
              elig="Anyone who needs food today; one bag a week."),
            S("meals", "Saturday Soup Kitchen", hours="meals-weekend", langs="en es", fee="free", docs="none",
              elig="Everyone welcome."),
        ],
    },
    {
        "key": "harbor-safe", "name": "Harbor Safe Haven",
        "about": "Safety planning, confidential shelter and advocacy for people experiencing domestic violence.",
        "places": ["broad-dt"], "year": 1977, "phone": "0110",
        "services": [
            S("domestic-violence crisis-line", "Domestic Violence Hotline", hours="24/7", langs="en es pt ht",
              fee="free", docs="none", at=[], phone="0196", area=True,
              elig="Anyone experiencing abuse, or worried about someone.", interp="Phone interpreter for any language."),
            S("domestic-violence emergency-shelter", "Confidential Safe Shelter", hours="24/7", langs="en es",
              pops="women families pets", fee="free", docs="none", at=[], beds=(22, 1), area=True,
              elig="Survivors of domestic violence and their children; pets accepted. Address given by the hotline.",
              apply="Call the hotline; the address is confidential."),
            S("domestic-violence", "Court Advocacy and Restraining Orders", hours="wk8-430", langs="en es",
              fee="free", docs="id-optional", elig="Anyone going to family or criminal court in Hartford."),
            S("domestic-violence youth-services", "Teen Dating Violence Support", hours="wk9-5", langs="en es",
              pops="youth young-adults", age=(13, 24), fee="free", docs="none"),
        ],
    },
    {
        "key": "veterans-landing", "name": "Veterans Landing Hartford",
        "about": "Shelter, benefits help and outreach for veterans.",
        "places": ["wethersfield-se", "airport-rd"], "year": 2005, "phone": "0111",
        "services": [
            S("veterans emergency-shelter", "Veterans Shelter", hours="24/7", langs="en es", pops="veterans adults",
              age=(18, None), fee="free", docs="dd214", beds=(36, 4),
              elig="Veterans of any discharge status. Call ahead if you can."),
            S("veterans id-benefits", "VA Benefits and Discharge Upgrade Help", hours="wk9-5", langs="en es",
              pops="veterans", fee="free", docs="dd214", at=["airport-rd"]),
            S("veterans food-pantry", "Homefront Pantry for Veteran Families", hours="pantry-monthly-eve",
              langs="en", pops="veterans families", fee="free", docs="dd214", at=["airport-rd"]),
            S("veterans outpatient-treatment", "Veterans Recovery Group", hours="tue-thu-eve", langs="en",
              pops="veterans", fee="free", docs="none", at=["airport-rd"]),
        ],
    },
    {
        "key": "youthpath", "name": "YouthPath Drop-In",
        "about": "A drop-in centre and overnight beds for young people aged 12 to 24.",
        "places": ["sigourney", "asylum-ave"], "year": 2010, "phone": "0112",
        "services": [
            S("youth-services emergency-shelter", "Youth Overnight Beds (18–24)", hours="overnight",
              langs="en es", pops="young-adults lgbtq", age=(18, 24), fee="free", docs="none", beds=(12, 2),
              elig="Young adults 18 to 24; LGBTQ+ affirming."),
            S("youth-services emergency-shelter", "Runaway and Homeless Youth Shelter (12–17)", hours="24/7",
              langs="en es", pops="youth", age=(12, 17), fee="free", docs="none", beds=(8, 1),
              elig="Young people 12 to 17; staff contact a guardian as the law requires."),
            S("youth-services showers-laundry", "Youth Drop-In: Food, Showers, Laundry", hours="youth-drop",
              langs="en es", pops="youth young-adults lgbtq", age=(14, 24), fee="free", docs="none",
              at=["asylum-ave"]),
            S("youth-services crisis-line", "Youth Text Line", hours="24/7", langs="en es",
              pops="youth young-adults", age=(12, 24), fee="free", docs="none", at=[], phone="0195", area=True,
              phone_type="text"),
        ],
    },
    {
        "key": "threshold-clinic", "name": "Threshold Free Clinic",
        "about": "A free evening and Saturday clinic staffed by volunteer doctors and nurses.",
        "places": ["farmington-ah"], "year": 2003, "phone": "0113", "verified": 300,
        "services": [
            S("primary-care", "Free Evening Clinic", hours="tue-thu-eve", langs="en es", fee="free-no-ins",
              docs="none", elig="Adults without insurance.", pops="adults", age=(18, None)),
            S("primary-care", "Saturday Clinic and Wound Care", hours="sat-clinic", langs="en es", fee="free-no-ins",
              docs="none", elig="Anyone; wound care for people living outside."),
            S("harm-reduction", "Hepatitis C and HIV Testing", hours="tue-thu-eve", langs="en es", fee="free",
              docs="none", elig="Anyone; results in 20 minutes."),
        ],
    },
    {
        "key": "keystone", "name": "Keystone Behavioral Health",
        "about": "Mental-health walk-in clinic and crisis stabilisation near Saint Francis Hospital.",
        "places": ["woodland"], "year": 1972, "phone": "0114",
        "services": [
            S("mental-health-walk-in", "Walk-In Mental Health Assessment", hours="walk-in", langs="en es pt",
              fee="medicaid", docs="id-insurance", elig="Adults 18 and over; same-day assessment.",
              pops="adults", age=(18, None)),
            S("mental-health-crisis", "Crisis Stabilisation Beds", hours="24/7", langs="en es", fee="insurance",
              docs="id-insurance", beds=(16, 1), pops="adults", age=(18, None),
              elig="Adults in a mental-health crisis who do not need a hospital; referral from mobile crisis or walk-in."),
            S("mental-health-walk-in outpatient-treatment", "Co-occurring Disorders Clinic", hours="wk-late",
              langs="en es", fee="medicaid", docs="id-insurance", pops="adults", age=(18, None)),
            S("mental-health-walk-in", "Psychiatric Medication Clinic", hours="wk9-5", langs="en", fee="medicaid",
              docs="id-insurance"),
        ],
    },
    {
        "key": "bridgewater", "name": "Bridgewater Crisis Response",
        "about": "A fictional 24/7 crisis line and mobile crisis team for Greater Hartford.",
        "places": ["capitol-ave-ah"], "year": 1998, "phone": "0115",
        "services": [
            S("crisis-line mental-health-crisis", "24/7 Crisis Line (call or text)", hours="24/7",
              langs="en es pt pl bs ht ase", fee="free", docs="none", at=[], phone="0199", area=True,
              elig="Anyone in emotional distress, thinking about suicide, or worried about someone.",
              interp="Interpreters for any language; video relay for Deaf callers.",
              about="Stand-in for the 988 Suicide & Crisis Lifeline in the demo. In a real emergency call 911."),
            S("mental-health-crisis", "Mobile Crisis Team", hours="24/7", langs="en es", fee="free", docs="none",
              at=[], phone="0194", area=True,
              elig="Anyone in Hartford in a mental-health crisis; the team comes to you, usually within an hour."),
            S("mental-health-crisis", "Crisis Respite Apartment", hours="24/7", langs="en es", fee="free",
              docs="id-optional", beds=(4, 1), pops="adults", age=(18, None),
              elig="Adults who need a few quiet days away from a crisis; referral by the crisis team."),
        ],
    },
    {
        "key": "access-partners", "name": "Constellation Access Partners",
        "about": "Runs the demo's stand-in for the state's treatment access line.",
        "places": ["capitol-ave-dt"], "year": 2017, "phone": "0116",
        "services": [
            S("access-line detox", "Treatment Access Line (demo stand-in)", hours="24/7", langs="en es",
              fee="free", docs="none", at=[], phone="0198", area=True,
              elig="Anyone in Connecticut looking for detox or addiction treatment.",
              about="Finds an open detox or residential bed anywhere in the state and arranges a free ride. "
                    "Stands in for the state's real access line in this demo.",
              interp="Interpreters for any language."),
            S("access-line", "Treatment Transport Desk", hours="24/7", langs="en es", fee="free", docs="none",
              elig="People with a confirmed treatment bed who need a ride."),
        ],
    },
    {
        "key": "warm-nights", "name": "Hartford Warm Nights Coalition",
        "about": "Congregations opening warming centres on cold nights, November to April.",
        "places": ["vine-ne", "maple", "west-blvd", "leibert"], "year": 2014, "phone": "0117",
        "services": [
            S("warming-center", "North End Warming Centre", hours="overnight", langs="en es", pops="adults pets couples",
              fee="free", docs="none", at=["vine-ne"], beds=(40, 12),
              elig="Anyone; no ID, no sobriety test. November 15 to April 15."),
            S("warming-center", "South End Warming Centre", hours="overnight", langs="en es bs", pops="adults",
              fee="free", docs="none", at=["maple"], beds=(30, 9), elig="Anyone; November 15 to April 15."),
            S("warming-center", "West End Warming Centre", hours="overnight-late", langs="en", pops="adults",
              fee="free", docs="none", at=["west-blvd"], beds=(20, 5),
              elig="Anyone; opens when the temperature is below 32°F."),
            S("warming-center", "North Meadows Overflow Warming Site", hours="overnight", langs="en es",
              pops="adults couples pets", fee="free", docs="none", at=["leibert"], beds=(50, 30),
              elig="Opens on nights below 20°F when other shelters are full.",
              alert="Opens only on extreme-cold nights; call first."),
        ],
    },
    {
        "key": "hearthstone", "name": "Hearthstone Community Kitchen",
        "about": "Hot meals every day in Clay-Arsenal, and groceries for neighbours.",
        "places": ["main-ca", "albany-vine"], "year": 1982, "phone": "0118",
        "services": [
            S("meals", "Daily Hot Lunch", hours=[("WEEKLY", DAILY, "11:00", "13:00", "Every day, 11 am to 1 pm.")],
              langs="en es", fee="free", docs="none", elig="Everyone welcome."),
            S("meals", "Weekend Breakfast", hours=[("WEEKLY", "SA,SU", "08:00", "10:00", "Saturday and Sunday, 8 to 10 am.")],
              langs="en es", fee="free", docs="none"),
            S("food-pantry", "Neighbourhood Pantry", hours="pantry-wk-eve", langs="en es", fee="free",
              docs="pantry", at=["albany-vine"], elig="Hartford households; once a week."),
            S("showers-laundry", "Laundry Day", hours=[("WEEKLY", "TU", "09:00", "15:00", "Tuesdays 9 am to 3 pm.")],
              langs="en", fee="free", docs="none", elig="Bring up to two bags; detergent provided."),
        ],
    },
    {
        "key": "frog-hollow-laundry", "name": "Frog Hollow Wash Collective",
        "about": "Free showers, laundry and hygiene kits on Park Street.",
        "places": ["hamilton"], "year": 2019, "phone": "0119",
        "services": [
            S("showers-laundry", "Free Showers", hours="showers", langs="en es pt", fee="free", docs="none",
              elig="Anyone; sign up at the door.", pops="adults"),
            S("showers-laundry", "Laundry Mornings", hours="showers", langs="en es", fee="free", docs="none"),
            S("harm-reduction", "Hygiene and Safer-Use Kits", hours="showers", langs="en es", fee="free",
              docs="none", elig="Anyone; no questions asked."),
        ],
    },
    {
        "key": "wisla", "name": "Wisła Friends Association",
        "about": "A Polish-community association on Charter Oak Avenue: pantry, seniors and paperwork help.",
        "places": ["charter-oak"], "year": 1991, "phone": "0120", "verified": 420,
        "services": [
            S("food-pantry", "Spiżarnia / Pantry", hours="pantry-monthly", langs="pl en", fee="free",
              docs="pantry", elig="Anyone; Polish spoken."),
            S("meals", "Seniors' Lunch", hours=[("WEEKLY", "WE", "12:00", "13:30", "Wednesdays noon to 1:30 pm.")],
              langs="pl en", pops="seniors", age=(60, None), fee="free", docs="none"),
            S("id-benefits", "Help with Forms and Benefits", hours=[("WEEKLY", "TU,TH", "10:00", "14:00", "Tuesday and Thursday 10 am to 2 pm.")],
              langs="pl en", fee="free", docs="benefits"),
        ],
    },
    {
        "key": "drina", "name": "Drina Community Centre",
        "about": "Bosnian-speaking services for refugee and immigrant families in the South End.",
        "places": ["franklin-se"], "year": 1998, "phone": "0121",
        "services": [
            S("id-benefits", "Immigration Paperwork and Benefits Help", hours="wk9-5", langs="bs en", fee="free",
              docs="benefits", elig="Refugees and immigrants; Bosnian, Serbian and Croatian spoken."),
            S("mental-health-walk-in", "Trauma Counselling for Refugees", hours="wk-late", langs="bs en",
              fee="sliding", docs="none", pops="adults families"),
            S("food-pantry", "Halal Food Pantry", hours="pantry-weekly", langs="bs en es", fee="free", docs="pantry"),
            S("youth-services", "Youth Soccer and Tutoring", hours="youth-drop", langs="bs en", pops="youth",
              age=(8, 17), fee="free", docs="none"),
        ],
    },
    {
        "key": "casa-lusa", "name": "Casa Lusa Family Services",
        "about": "Portuguese-speaking help with food, ID and benefits on Park Street.",
        "places": ["park-broad", "broad-fh"], "year": 1975, "phone": "0122",
        "services": [
            S("food-pantry", "Despensa Comunitária / Pantry", hours="pantry-weekly", langs="pt es en", fee="free",
              docs="pantry", at=["broad-fh"]),
            S("id-benefits", "ID, Birth Certificate and SNAP Help", hours="wk9-5", langs="pt en es", fee="free",
              docs="benefits"),
            S("mental-health-walk-in", "Family Counselling in Portuguese", hours="wk-late", langs="pt en",
              fee="sliding", docs="none", pops="families"),
        ],
    },
    {
        "key": "lakay", "name": "Lakay Health Partners",
        "about": "Primary care and benefits help with Haitian Creole-speaking staff in the North End.",
        "places": ["albany-bha", "barbour"], "year": 2006, "phone": "0123",
        "services": [
            S("primary-care", "Family Medicine", hours="wk+sat", langs="ht en fr es", fee="sliding",
              docs="id-insurance", pops="families"),
            S("id-benefits", "HUSKY Enrollment in Creole", hours="wk9-5", langs="ht en", fee="free",
              docs="benefits", at=["barbour"]),
            S("primary-care", "Blood Pressure and Diabetes Screening", hours="sat-clinic", langs="ht en",
              fee="free", docs="none", at=["barbour"], pops="adults seniors"),
        ],
    },
    {
        "key": "signal-point", "name": "Signal Point Deaf Services",
        "about": "Mental-health and case management for Deaf and hard-of-hearing adults, in ASL.",
        "places": ["farmington-we"], "year": 1996, "phone": "0124",
        "services": [
            S("mental-health-walk-in", "ASL Counselling Walk-In", hours="wk9-5", langs="ase en", fee="medicaid",
              docs="id-insurance", elig="Deaf, DeafBlind and hard-of-hearing adults.", pops="adults"),
            S("id-benefits", "Deaf Case Management and Benefits", hours="wk9-5", langs="ase en", fee="free",
              docs="benefits"),
            S("outpatient-treatment", "Recovery Group in ASL", hours=[("WEEKLY", "WE", "18:00", "19:30", "Wednesdays 6 to 7:30 pm.")],
              langs="ase", fee="free", docs="none", pops="adults"),
        ],
    },
    {
        "key": "parkville-wellness", "name": "Parkville Wellness Collective",
        "about": "Outpatient recovery and harm reduction in Parkville.",
        "places": ["park-pv", "new-park"], "year": 2015, "phone": "0125",
        "services": [
            S("outpatient-treatment", "Outpatient Recovery Counselling", hours="wk-late", langs="en es pt",
              fee="medicaid", docs="id-insurance", pops="adults", age=(18, None)),
            S("harm-reduction", "Syringe Services Program", hours="van-day", langs="en es pt", fee="free",
              docs="none", at=["new-park"], elig="Anyone who injects drugs; anonymous."),
            S("medication-treatment", "Telehealth Buprenorphine", hours="wk9-5", langs="en es", fee="medicaid",
              docs="id-insurance", at=["new-park"], pops="adults", age=(18, None)),
        ],
    },
    {
        "key": "rocks-pantry", "name": "Behind the Rocks Community Pantry",
        "about": "A church-basement pantry on Zion Street.",
        "places": ["zion-btr"], "year": 1990, "phone": "0126",
        "services": [
            S("food-pantry", "Weekly Pantry", hours="pantry-weekly", langs="en es", fee="free", docs="pantry"),
            S("meals", "Thursday Community Supper", hours=[("WEEKLY", "TH", "17:00", "18:30", "Thursdays 5 to 6:30 pm.")],
              langs="en es", fee="free", docs="none"),
            S("food-pantry", "Diaper and Baby Food Shelf", hours="pantry-monthly-eve", langs="", fee="free",
              docs="none", pops="families"),
        ],
    },
    {
        "key": "southwest-table", "name": "Southwest Neighbourhood Table",
        "about": "Weekend meals and groceries on New Britain Avenue.",
        "places": ["new-britain", "fairfield"], "year": 2011, "phone": "0127",
        "services": [
            S("meals", "Weekend Hot Meal", hours="meals-weekend", langs="en es", fee="free", docs="none"),
            S("food-pantry", "Monthly Market Day", hours="pantry-monthly", langs="en es", fee="free",
              docs="pantry", at=["fairfield"]),
            S("food-pantry", "Seniors' Grocery Delivery", hours="unknown", langs="", fee="free", docs="none",
              pops="seniors", age=(60, None), at=["fairfield"]),
        ],
    },
    {
        "key": "meadowlark", "name": "Meadowlark Sober Living",
        "about": "Recovery houses for men and women in the South End.",
        "places": ["maple", "wethersfield-se"], "year": 2009, "phone": "0128",
        "services": [
            S("recovery-housing", "Meadowlark Men's Recovery House", hours="24/7", langs="en es", pops="men adults",
              age=(18, None), fee="sober-house", docs="id-optional", beds=(14, 2),
              elig="Men in recovery, 30 days sober or coming from treatment."),
            S("recovery-housing", "Meadowlark Women's Recovery House", hours="24/7", langs="en", pops="women adults",
              age=(18, None), fee="sober-house", docs="id-optional", beds=(10, 1), at=["wethersfield-se"],
              elig="Women in recovery."),
        ],
    },
    {
        "key": "cedar-homes", "name": "Cedar Path Recovery Homes",
        "about": "Supportive recovery housing for mothers and children.",
        "places": ["garden"], "year": 2013, "phone": "0129", "verified": 200,
        "services": [
            S("recovery-housing", "Mothers and Children Recovery Home", hours="24/7", langs="en es",
              pops="women families", fee="sober-house", docs="residential", beds=(8, 0),
              elig="Mothers in recovery with children under 12."),
            S("outpatient-treatment", "Parenting in Recovery Group", hours=[("WEEKLY", "MO", "18:00", "19:30", "Mondays 6 to 7:30 pm.")],
              langs="en es", pops="families women", fee="free", docs="none"),
        ],
    },
    {
        "key": "albany-health", "name": "Albany Avenue Health Partners",
        "about": "Primary care, addiction medicine and walk-in behavioural health in Upper Albany.",
        "places": ["albany-woodland", "homestead"], "year": 1974, "phone": "0130",
        "services": [
            S("primary-care", "Primary Care and Dental Referrals", hours="wk+sat", langs="en es ht", fee="sliding",
              docs="id-insurance"),
            S("medication-treatment", "Methadone and Buprenorphine Program", hours="dosing", langs="en es",
              pops="adults", age=(18, None), fee="medicaid", docs="id-insurance", at=["homestead"]),
            S("mental-health-walk-in", "Same-Day Counselling", hours="walk-in", langs="en es", fee="sliding",
              docs="none", pops="adults"),
            S("harm-reduction", "Naloxone Vending and Test Strips", hours="24/7", langs="", fee="free",
              docs="none", at=["homestead"],
              about="A machine by the side door gives free naloxone and fentanyl test strips, any hour."),
        ],
    },
    {
        "key": "northeast-youth", "name": "Northeast Youth Collective",
        "about": "Youth programmes and meals on Barbour Street.",
        "places": ["clark", "tower-ne"], "year": 2007, "phone": "0131",
        "services": [
            S("youth-services", "Teen Centre", hours="youth-drop", langs="en es", pops="youth", age=(13, 19),
              fee="free", docs="none"),
            S("youth-services meals", "After-School Meals", hours=[("WEEKLY", WEEKDAYS, "15:00", "17:00", "Weekdays 3 to 5 pm.")],
              langs="en es", pops="youth", age=(5, 18), fee="free", docs="none"),
            S("youth-services id-benefits", "Jobs and ID for Young Adults", hours="wk9-5", langs="en",
              pops="young-adults", age=(16, 24), fee="free", docs="id-optional", at=["tower-ne"]),
        ],
    },
    {
        "key": "clay-arsenal-hub", "name": "Clay-Arsenal Neighbourhood Resource Hub",
        "about": "One-stop help with ID, benefits, food and referrals.",
        "places": ["windsor-ca", "main-ca"], "year": 2016, "phone": "0132",
        "services": [
            S("id-benefits", "Benefits Navigator", hours="wk9-5", langs="en es", fee="free", docs="benefits"),
            S("id-benefits", "Birth Certificate and State ID Fee Help", hours=[("WEEKLY", "MO,WE", "10:00", "15:00", "Mondays and Wednesdays 10 am to 3 pm.")],
              langs="en es", fee="free", docs="id-optional",
              about="Pays the fee for a Connecticut birth certificate or state ID card."),
            S("food-pantry", "Produce Pop-Up", hours=[("WEEKLY", "FR", "12:00", "14:00", "Fridays noon to 2 pm.")],
              langs="en es", fee="free", docs="none", at=["main-ca"]),
        ],
    },
    {
        "key": "fieldstone", "name": "Fieldstone Harm Reduction Project",
        "about": "Peer-run syringe services, naloxone and overdose response.",
        "places": ["asylum-st", "barbour", "park-mid"], "year": 2018, "phone": "0133",
        "services": [
            S("harm-reduction", "Syringe Services Drop-In", hours="wk9-5", langs="en es", fee="free", docs="none",
              at=["asylum-st"], elig="Anyone; anonymous."),
            S("harm-reduction", "Mobile Syringe Services (North End)", hours="van-day", langs="en es", fee="free",
              docs="none", at=["barbour"]),
            S("harm-reduction", "Mobile Syringe Services (Park Street)", hours="van-evening", langs="en es pt",
              fee="free", docs="none", at=["park-mid"]),
            S("harm-reduction outpatient-treatment", "Peer Recovery Coaching", hours="wk-late", langs="en es",
              fee="free", docs="none", at=["asylum-st"], elig="Anyone thinking about changing their use."),
        ],
    },
    {
        "key": "sheldon-oak-family", "name": "Sheldon Oak Family Services",
        "about": "Family shelter and support near Colt Park.",
        "places": ["sheldon", "wyllys"], "year": 1988, "phone": "0134",
        "services": [
            S("emergency-shelter", "Family Emergency Apartments", hours="24/7", langs="en es", pops="families",
              fee="free", docs="id-optional", beds=(32, 4), elig="Families with children; referral through 2-1-1."),
            S("food-pantry", "Family Pantry", hours="pantry-monthly-eve", langs="en es", pops="families",
              fee="free", docs="pantry", at=["wyllys"]),
            S("youth-services", "Parent and Toddler Drop-In", hours=[("WEEKLY", "TU,TH", "09:30", "11:30", "Tuesday and Thursday 9:30 to 11:30 am.")],
              langs="en es", pops="families", age=(0, 5), fee="free", docs="none", at=["wyllys"]),
        ],
    },
    {
        "key": "ledger-id", "name": "Ledger Street ID Clinic",
        "about": "Volunteers who help people get ID, replace documents and apply for benefits.",
        "places": ["library", "union-station"], "year": 2015, "phone": "0135",
        "services": [
            S("id-benefits", "ID Clinic at the Library", hours=[("WEEKLY", "WE", "13:00", "16:00", "Wednesdays 1 to 4 pm.")],
              langs="en es", fee="free", docs="id-optional", at=["library"],
              elig="Anyone who needs a state ID, birth certificate or Social Security card."),
            S("id-benefits", "SNAP and Cash Assistance Applications", hours=[("WEEKLY", "MO", "10:00", "13:00", "Mondays 10 am to 1 pm.")],
              langs="en es", fee="free", docs="benefits", at=["library"]),
            S("id-benefits", "Phone Charging and Benefits Table", hours=[("WEEKLY", "FR", "09:00", "11:00", "Fridays 9 to 11 am.")],
              langs="", fee="free", docs="none", at=["union-station"]),
        ],
    },
    {
        "key": "goodwin-seniors", "name": "Goodwin Park Seniors Circle",
        "about": "Meals and company for older adults in the South End.",
        "places": ["maple"], "year": 1993, "phone": "0136", "verified": 365,
        "services": [
            S("meals", "Seniors' Lunch Club", hours="lunch-wk", langs="en es pl bs", pops="seniors", age=(60, None),
              fee="free", docs="none", about="Suggested donation $2; nobody turned away."),
            S("food-pantry", "Seniors' Grocery Bags", hours="pantry-monthly", langs="en es", pops="seniors",
              age=(60, None), fee="free", docs="pantry"),
        ],
    },
    {
        "key": "summit-clinic", "name": "Summit Street Free Clinic",
        "about": "A volunteer-run free clinic for uninsured adults.",
        "places": ["summit"], "year": 2002, "phone": "0137",
        "services": [
            S("primary-care", "Free Adult Clinic", hours=[("WEEKLY", "MO,WE", "17:30", "20:30", "Mondays and Wednesdays 5:30 to 8:30 pm.")],
              langs="en es", fee="free-no-ins", docs="none", pops="adults", age=(18, None)),
            S("primary-care", "Free Eye and Foot Care", hours=[("MONTHLY", "1SA", "09:00", "12:00", "First Saturday of the month, 9 am to noon.")],
              langs="en es", fee="free", docs="none"),
            S("id-benefits", "Health Insurance Sign-Up", hours="tue-thu-eve", langs="en es", fee="free",
              docs="benefits"),
        ],
    },
    {
        "key": "willowmere", "name": "Willowmere Women's Recovery",
        "about": "Residential addiction treatment for women, with children welcome.",
        "places": ["newington-ave", "flatbush"], "year": 1992, "phone": "0138",
        "services": [
            S("residential-treatment", "Women's Residential Treatment", hours="24/7", langs="en es",
              pops="women adults", age=(18, None), fee="insurance", docs="residential", beds=(26, 1),
              elig="Women 18 and over; pregnant women prioritised."),
            S("residential-treatment", "Mothers with Children Program", hours="24/7", langs="en es",
              pops="women families", fee="insurance", docs="residential", beds=(12, 0),
              elig="Mothers with up to two children under 6."),
            S("outpatient-treatment", "Women's Day Treatment", hours="wk8-430", langs="en es", pops="women",
              fee="medicaid", docs="id-insurance", at=["flatbush"]),
            S("detox", "Women's Withdrawal Management", hours="24/7", langs="en es", pops="women adults",
              age=(18, None), fee="insurance", docs="id-insurance", beds=(10, 2), at=["flatbush"]),
        ],
    },
    {
        "key": "anchorline", "name": "Anchorline Peer Recovery Centre",
        "about": "Peer-run recovery community centre with meetings, coaching and naloxone.",
        "places": ["asylum-ave"], "year": 2011, "phone": "0139",
        "services": [
            S("outpatient-treatment", "All-Recovery Meetings", hours=[("WEEKLY", DAILY, "12:00", "13:00", "Every day at noon.")],
              langs="en es", fee="free", docs="none"),
            S("harm-reduction", "Naloxone Pick-Up", hours="wk9-5", langs="en es", fee="free", docs="none"),
            S("id-benefits", "Recovery Coaching and Benefits", hours="wk9-5", langs="en", fee="free", docs="none"),
        ],
    },
    {
        "key": "ironwood", "name": "Ironwood Men's Shelter",
        "about": "A 24-hour low-barrier shelter for men in South Meadows.",
        "places": ["brainard", "murphy"], "year": 1996, "phone": "0140",
        "services": [
            S("emergency-shelter", "Low-Barrier Men's Shelter", hours="24/7", langs="en es", pops="men adults",
              age=(18, None), fee="free", docs="none", beds=(110, 7),
              elig="Men 18 and over; no sobriety requirement; partners and pets welcome in the annex.",
              apply="Walk in; the van leaves Union Station at 6 pm."),
            S("emergency-shelter", "Couples and Pets Annex", hours="overnight", langs="en es",
              pops="couples pets adults", age=(18, None), fee="free", docs="none", beds=(16, 2),
              elig="Adult couples of any gender, with or without a pet.", at=["murphy"]),
            S("showers-laundry", "Shelter Showers (open to non-guests)", hours="showers", langs="en es",
              fee="free", docs="none"),
            S("meals", "Shelter Dinner", hours=[("WEEKLY", DAILY, "17:30", "18:30", "Every day, 5:30 to 6:30 pm.")],
              langs="en es", fee="free", docs="none"),
        ],
    },
    {
        "key": "rivermist", "name": "Rivermist Youth Shelter",
        "about": "Emergency beds and counselling for teenagers who cannot stay at home.",
        "places": ["capitol-ave-we"], "year": 2000, "phone": "0141",
        "services": [
            S("youth-services emergency-shelter", "Teen Emergency Beds", hours="24/7", langs="en es",
              pops="youth lgbtq", age=(12, 17), fee="free", docs="none", beds=(6, 1),
              elig="Young people 12 to 17."),
            S("youth-services mental-health-walk-in", "Family Mediation", hours="wk-late", langs="en es",
              pops="youth families", fee="free", docs="none"),
        ],
    },
    {
        "key": "night-owl", "name": "Night Owl Overnight Café",
        "about": "An overnight warming café downtown: coffee, a chair and a phone charger.",
        "places": ["pratt"], "year": 2021, "phone": "0142",
        "services": [
            S("warming-center", "Overnight Warming Café", hours="overnight", langs="en es", fee="free",
              docs="none", pops="adults pets", beds=(35, 10), elig="Anyone 18 and over; no ID.",
              about="Chairs, not beds; coffee, soup, phone charging."),
            S("meals", "Midnight Soup", hours=[("WEEKLY", DAILY, "23:00", "01:00", "Every night, 11 pm to 1 am.")],
              langs="en", fee="free", docs="none"),
        ],
    },
    {
        "key": "homefront", "name": "Homefront Veterans Outreach",
        "about": "Outreach and recovery support for veterans living outside.",
        "places": ["broad-fh", "jefferson"], "year": 2012, "phone": "0143",
        "services": [
            S("veterans", "Street Outreach for Veterans", hours="wk8-430", langs="en es", pops="veterans",
              fee="free", docs="none"),
            S("veterans detox", "Veterans Detox Referral", hours="wk9-5", langs="en", pops="veterans", fee="free",
              docs="dd214", at=["jefferson"]),
            S("veterans crisis-line", "Veterans Peer Line", hours="24/7", langs="en", pops="veterans", fee="free",
              docs="none", at=[], phone="0193", area=True,
              about="Stand-in for the Veterans Crisis Line in the demo (988 then 1 in real life)."),
        ],
    },
    {
        "key": "jefferson-health", "name": "Jefferson Street Community Clinic",
        "about": "Walk-in primary care and mental health near Hartford Hospital.",
        "places": ["jefferson", "washington"], "year": 1985, "phone": "0144",
        "services": [
            S("primary-care", "Walk-In Primary Care", hours="walk-in", langs="en es pt", fee="medicaid",
              docs="id-insurance"),
            S("mental-health-crisis", "Urgent Psychiatric Walk-In", hours=[("WEEKLY", DAILY, "08:00", "22:00", "Every day, 8 am to 10 pm.")],
              langs="en es", fee="medicaid", docs="id-insurance", at=["washington"],
              elig="Anyone in a mental-health crisis who is safe to come in; otherwise call the crisis line."),
            S("detox", "Ambulatory Detox", hours="wk8-430", langs="en es", fee="medicaid", docs="id-insurance",
              at=["washington"], pops="adults", age=(18, None),
              elig="Adults withdrawing from alcohol who are safe to sleep at home."),
        ],
    },
    {
        "key": "colt-gateway", "name": "Colt Gateway Detox Centre",
        "about": "Social-model detox and residential treatment in Sheldon-Charter Oak.",
        "places": ["wyllys"], "year": 1997, "phone": "0145",
        "services": [
            S("detox", "Social-Model Detox", hours="24/7", langs="en es pl", pops="adults", age=(18, None),
              fee="insurance", docs="id-optional", beds=(18, 0), wait="Call at 7 am and 7 pm for open beds."),
            S("residential-treatment", "Short-Term Residential (14 days)", hours="24/7", langs="en es",
              pops="adults", age=(18, None), fee="insurance", docs="residential", beds=(30, 3)),
            S("residential-treatment", "Long-Term Residential (90 days)", hours="24/7", langs="en es",
              pops="adults men", age=(18, None), fee="insurance", docs="residential", beds=(20, 1)),
        ],
    },
    {
        "key": "union-meals", "name": "Union Place Supper Table",
        "about": "Volunteers serving supper and handing out warm clothes at Union Station.",
        "places": ["union-station"], "year": 2016, "phone": "0146", "verified": 190,
        "services": [
            S("meals", "Weeknight Supper at Union Station", hours=[("WEEKLY", WEEKDAYS, "18:30", "19:30", "Weeknights 6:30 to 7:30 pm.")],
              langs="en es", fee="free", docs="none"),
            S("showers-laundry", "Clothing and Blanket Table", hours=[("WEEKLY", "SA", "18:30", "19:30", "Saturdays 6:30 to 7:30 pm.")],
              langs="", fee="free", docs="none", about="Coats, socks, blankets and hygiene kits."),
        ],
    },
    {
        "key": "tower-pantry", "name": "Tower Avenue Neighbours Pantry",
        "about": "A neighbourhood pantry in Blue Hills.",
        "places": ["tower"], "year": 2004, "phone": "0147",
        "services": [
            S("food-pantry", "Saturday Pantry", hours=[("WEEKLY", "SA", "09:00", "11:00", "Saturdays 9 to 11 am.")],
              langs="en ht", fee="free", docs="pantry"),
            S("food-pantry", "Holiday Meal Boxes", hours="unknown", langs="", fee="free", docs="pantry",
              pops="families", about="November and December only; sign up in October."),
        ],
    },
    {
        "key": "south-meadows-works", "name": "South Meadows Workforce & Recovery",
        "about": "Day labour, recovery support and a warm lunch near Brainard Airport.",
        "places": ["locust"], "year": 2010, "phone": "0148",
        "services": [
            S("id-benefits", "Job Readiness and ID Help", hours="wk8-430", langs="en es", fee="free",
              docs="id-optional", pops="adults"),
            S("meals", "Workers' Lunch", hours="lunch-wk", langs="en es", fee="free", docs="none"),
            S("outpatient-treatment", "Recovery Support Group", hours=[("WEEKLY", "TU", "17:00", "18:00", "Tuesdays 5 to 6 pm.")],
              langs="en", fee="free", docs="none"),
        ],
    },
]


# --------------------------------------------------------------------------------------------------
# Building the HSDS objects
# --------------------------------------------------------------------------------------------------

def _stale_days(index: int) -> int:
    """A spread of "last verified" ages: mostly recent, a few older than 180 days."""
    return [2, 9, 17, 33, 48, 75, 101, 136, 160][index % 9]


def _place(org_key: str, place_key: str) -> dict:
    name, address_1, postal, lat, lng, transport = PLACES[place_key]
    neighbourhood = neighbourhood_at(lat, lng)
    if not neighbourhood:
        raise SystemExit(f"{place_key}: ({lat}, {lng}) is not inside a Hartford neighbourhood")
    location_id = demo_uuid("location", org_key, place_key)
    return {
        "id": location_id,
        "location_type": "physical",
        "name": name,
        "transportation": transport,
        "latitude": lat,
        "longitude": lng,
        "neighbourhood": neighbourhood,  # Waypoint extension; derived from the official polygons
        "addresses": [
            {
                "id": demo_uuid("address", org_key, place_key),
                "location_id": location_id,
                "address_1": address_1,
                "city": "Hartford",
                "state_province": "CT",
                "postal_code": postal,
                "country": "US",
                "address_type": "physical",
            }
        ],
    }


def _phone(owner: str, last4: str, *, kind: str = "voice", description: str = "") -> dict:
    phone = {"id": demo_uuid("phone", owner), "number": f"860-555-{last4}", "type": kind}
    if description:
        phone["description"] = description
    return phone


def _schedules(service_key: str, hours) -> list[dict]:
    rows = HOURS[hours] if isinstance(hours, str) else hours
    out = []
    for i, (freq, byday, opens, closes, description) in enumerate(rows):
        out.append(
            {
                "id": demo_uuid("schedule", service_key, i),
                "freq": freq,
                "interval": 1,
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
                "description": description,
            }
        )
    return out


def _attributes(service_key: str, service_id: str, cats: list[str], pops: list[str]) -> list[dict]:
    out = []
    for taxonomy, codes in ((CATEGORY_TAXONOMY, cats), (POPULATION_TAXONOMY, pops)):
        for code in codes:
            out.append(
                {
                    "id": demo_uuid("attribute", service_key, taxonomy, code),
                    "link_id": service_id,
                    "link_entity": "service",
                    "link_type": "category" if taxonomy == CATEGORY_TAXONOMY else "population",
                    "taxonomy_term_id": demo_uuid("taxonomy-term", taxonomy, code),
                    "taxonomy_term": term_json(taxonomy, code),
                }
            )
    return out


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def organization_json(org: dict) -> dict:
    org_id = demo_uuid("organization", org["key"])
    return {
        "id": org_id,
        "name": f"{org['name']} {DEMO_MARK}",
        "description": f"{org['about']} Fictional organization invented for the Waypoint demo.",
        "email": f"info@{org['key']}.example.org",
        "website": f"https://{org['key']}.example.org/",
        "year_incorporated": org["year"],
        "tax_status": "501(c)(3) (fictional)",
        "legal_status": "Demo organization",
        "phones": [_phone(f"org/{org['key']}", org["phone"], description="Main office (fictional number).")],
        "is_demo": True,  # Waypoint extension: OrganizationPage.is_demo
    }


def service_json(org: dict, spec: dict, *, service_index: int) -> dict:
    org_key = org["key"]
    service_key = f"{org_key}/{_slug(spec['name'])}"
    service_id = demo_uuid("service", service_key)
    verified = spec.get("verified", org.get("verified"))
    if verified is None:
        verified = _stale_days(service_index)
    assured = REFERENCE_DATE - timedelta(days=verified)
    fees_description, cost_rows = FEES[spec.get("fee", "free")]
    pops = spec.get("pops", "").split()
    min_age, max_age = spec.get("age", (None, None))
    description = " ".join(p for p in [spec.get("about", ""), org["about"], FICTION_NOTE] if p)

    service = {
        "id": service_id,
        "organization_id": demo_uuid("organization", org_key),
        "name": f"{spec['name']} {DEMO_MARK}",
        "description": description,
        "status": spec.get("status", "active"),
        "url": f"https://{org_key}.example.org/{_slug(spec['name'])}/",
        "email": f"info@{org_key}.example.org",
        "eligibility_description": spec.get("elig", "Anyone."),
        "fees_description": fees_description,
        "application_process": spec.get("apply", "Walk in during opening hours, or call first."),
        "assured_date": assured.isoformat(),
        "assurer_email": f"listings@{org_key}.example.org",
        "last_modified": datetime.combine(assured, time(15, 0), tzinfo=timezone.utc).isoformat().replace("+00:00", "Z"),
    }
    for field, key in (("wait_time", "wait"), ("alert", "alert"), ("interpretation_services", "interp")):
        if spec.get(key):
            service[field] = spec[key]
    if min_age is not None:
        service["minimum_age"] = min_age
    if max_age is not None:
        service["maximum_age"] = max_age

    service["organization"] = organization_json(org)

    places = spec.get("at", org["places"][:1])
    service["service_at_locations"] = [
        {
            "id": demo_uuid("service-at-location", service_key, place),
            "service_id": service_id,
            "location_id": demo_uuid("location", org_key, place),
            "location": _place(org_key, place),
        }
        for place in places
    ]

    phone_last4 = spec.get("phone", org["phone"])
    phone_kind = spec.get("phone_type", "voice")
    service["phones"] = [_phone(f"service/{service_key}", phone_last4, kind=phone_kind)]
    if phone_kind == "text":
        service["phones"][0]["description"] = "Text this number (fictional)."
    service["schedules"] = _schedules(service_key, spec.get("hours", "wk9-5"))
    service["languages"] = [
        {"id": demo_uuid("language", service_key, code), "service_id": service_id, "code": code,
         "name": LANGUAGE_NAMES.get(code, "French" if code == "fr" else code)}
        for code in spec.get("langs", "en").split()
    ]
    service["attributes"] = _attributes(service_key, service_id, spec["cats"], pops)
    service["cost_options"] = [
        {"id": demo_uuid("cost-option", service_key, i), "service_id": service_id, **row}
        for i, row in enumerate(cost_rows)
    ]
    service["required_documents"] = [
        {"id": demo_uuid("required-document", service_key, i), "service_id": service_id, "document": doc}
        for i, doc in enumerate(DOCS[spec.get("docs", "none")])
    ]
    if spec.get("area"):
        service["service_areas"] = [
            {
                "id": demo_uuid("service-area", service_key),
                "service_id": service_id,
                "name": "Greater Hartford",
                "description": "Hartford and the towns around it; phone service, no walk-in address.",
            }
        ]
    if spec.get("beds"):
        maximum, available = spec["beds"]
        service["capacities"] = [  # HSDS 3.1 service_capacity, carried as an extension on 3.0
            {
                "id": demo_uuid("capacity", service_key, "bed"),
                "service_id": service_id,
                "unit": {"id": demo_uuid("unit", "bed"), "name": "bed"},
                "available": available,
                "maximum": maximum,
                "description": "Beds free tonight" if maximum else "",
                "updated": datetime.combine(REFERENCE_DATE, time(12, 0), tzinfo=timezone.utc)
                .isoformat()
                .replace("+00:00", "Z"),
            }
        ]
    return service


def build() -> list[dict]:
    services = []
    n = 0
    for org in ORGANIZATIONS:
        for spec in org["services"]:
            services.append(service_json(org, spec, service_index=n))
            n += 1
    return services


def render() -> str:
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed JSON is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = SERVICES_FILE.read_text(encoding="utf-8") if SERVICES_FILE.exists() else ""
        if current != text:
            print(f"{SERVICES_FILE} is out of date; run python -m demo.build", file=sys.stderr)
            return 1
        return 0
    SERVICES_FILE.write_text(text, encoding="utf-8")
    services = json.loads(text)
    print(f"wrote {len(services)} services from {len(ORGANIZATIONS)} organizations to {SERVICES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
