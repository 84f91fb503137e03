"""Demo customers and prospects for `seed_demo`.

About 35 companies (Flemish, Walloon and Brussels, a few English-speaking, five in other EU countries, one in
Switzerland, two private persons) with their contacts, contact moments over the last 120 days, follow-up tasks for
the two assistants, and credit decisions. Everything goes through the customers services, so the data passes the
checks a user gets.

Idempotent by company name: a company that already exists (by name, or by its enterprise or VAT number) is left
alone with everything that belongs to it. The whole plan is drawn from `random.Random(2026)` before the database is
looked at, so every run describes the same data; dates are relative to today.
"""

import datetime
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from stdnum import luhn
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren
from stdnum.iso7064 import mod_11_10
from stdnum.lu import tva as lu_tva

from customers.models import Company, Contact, CreditStatus, DeliveryAddress, Interaction, Tag, VatRegime
from customers.services.activity import interaction_log, task_complete, task_create
from customers.services.companies import EU_COUNTRIES, company_create, company_set_credit_status
from customers.services.contacts import contact_save
from customers.services.credit import credit_request_create, credit_request_decide
from orderdesk.demo import DEMO_USERS, demo_users
from orderdesk.models import User

SEED = 2026
MATEXPO = "Matexpo 2026"
MATEXPO_DAYS_AGO = 68  # every Matexpo conversation happened on the same day of the fair
HISTORY_DAYS = 120
OUR_ENTERPRISE_NUMBER = "0403170701"  # the demo company itself (orderdesk.demo.seed_company)
OWNER_LANGUAGE = {username: language for username, _first, _last, language, _role in DEMO_USERS}

CUSTOMER, PROSPECT = Company.Kind.CUSTOMER, Company.Kind.PROSPECT
HORECA, BOUW, OVERHEID, KEY, BEURS = "Horeca", "Bouw/Construction", "Overheid", "Key account", "Beurs 2026"
ZORG, ONDERWIJS = "Zorg/Soins", "Onderwijs/Enseignement"
EVENT, WEBSITE, REFERRAL = Company.Source.EVENT, Company.Source.WEBSITE, Company.Source.REFERRAL
PHONE, MAILING, EXISTING, OTHER = (
    Company.Source.PHONE,
    Company.Source.MAILING,
    Company.Source.EXISTING,
    Company.Source.OTHER,
)


@dataclass(frozen=True)
class Spec:
    """One demo company as a person would describe it; the numbers, people and history are drawn from the seed."""

    name: str
    legal_form: str
    kind: str
    language: str
    street: str
    postal_code: str
    city: str
    sector: str
    domain: str
    owner: str
    source: str
    source_detail: str
    tags: tuple[str, ...]
    payment_days: int
    credit_limit: int
    country: str = "BE"
    family: str = ""  # the family behind the name: the first contact (the boss) carries it
    person: tuple[str, str] | None = None  # a private person: (first name, last name)
    decision_maker: bool = True  # False: we only know a buyer or a technician so far
    addresses: tuple[tuple[str, str, str, str, str], ...] = ()  # label, street, postal code, city, instructions
    notes: str = ""

    @property
    def vat_regime(self) -> str:
        if self.person:
            return VatRegime.PRIVATE
        if self.country == "BE":
            return VatRegime.BELGIAN
        return VatRegime.INTRA_EU if self.country in EU_COUNTRIES else VatRegime.NON_EU


# fmt: off
COMPANIES = [
    # --- Flanders (nl) ---------------------------------------------------------------------------------------
    Spec("Bakkerij Van Damme", "BV", CUSTOMER, "nl", "Kortrijksesteenweg 214", "9000", "Gent", "food",
         "bakkerijvandamme.be", "assistant", EXISTING, "Klant sinds 2014", (HORECA,), 14, 2500, family="Van Damme"),
    Spec("Bouwbedrijf Verstraete & Zonen", "NV", CUSTOMER, "nl", "Industrielaan 8", "8500", "Kortrijk",
         "construction", "verstraete-bouw.be", "assistant", EXISTING, "Klant sinds 2009, raamcontract",
         (BOUW, KEY, BEURS), 60, 40000, family="Verstraete",
         addresses=(("Werf Hoog Kortrijk", "Kennedylaan 50", "8500", "Kortrijk",
                     "Werfcontainer aan de ingang; werfleider 30 minuten vooraf bellen"),
                    ("Magazijn Harelbeke", "Zuidstraat 112", "8530", "Harelbeke", "Laden en lossen 7u-16u"))),
    Spec("Garage Claes", "BV", CUSTOMER, "nl", "Gistelse Steenweg 310", "8200", "Brugge", "garage", "garageclaes.be",
         "assistant", REFERRAL, "Aanbevolen door Carrosserie Dewulf", (), 30, 5000, family="Claes"),
    Spec("Ziekenhuis Scheldeland", "VZW", CUSTOMER, "nl", "Lindendreef 1", "2020", "Antwerpen", "care",
         "scheldeland-zkh.be", "assistant", EXISTING, "Raamcontract technische dienst sinds 2021", (ZORG, KEY), 60,
         50000, addresses=(("Technische dienst - laadkaai C", "Lindendreef 1", "2020", "Antwerpen",
                            "Melden aan de technische dienst, toestel 4410"),)),
    Spec("Brouwerij De Kromme Haan", "CommV", CUSTOMER, "nl", "Vaartkom 21", "3000", "Leuven", "horeca",
         "kromme-haan.be", "assistant", EVENT, "Horeca Expo Gent 2025", (HORECA,), 30, 10000),
    Spec("Drukkerij Vanhoutte", "NV", CUSTOMER, "nl", "Kempische Steenweg 293", "3500", "Hasselt", "printing",
         "drukkerijvanhoutte.be", "assistant", WEBSITE, "Contactformulier website", (), 45, 15000, family="Vanhoutte"),
    Spec("Transport Wuyts Logistics", "NV", CUSTOMER, "nl", "Scheldelaan 460", "2040", "Antwerpen", "logistics",
         "wuyts-logistics.be", "assistant", EXISTING, "Klant sinds 2017", (KEY,), 45, 25000, family="Wuyts",
         addresses=(("Hub Willebroek", "Hoogveldweg 12", "2830", "Willebroek", "Dock 7, enkel voormiddag"),)),
    Spec("Vrije Basisschool De Linde", "VZW", PROSPECT, "nl", "Schoolstraat 12", "3010", "Leuven", "school",
         "vbs-delinde.be", "assistant", MAILING, "Mailing scholen voorjaar 2026", (ONDERWIJS,), 30, 0,
         decision_maker=False),
    Spec("Bytewise IT", "BV", CUSTOMER, "nl", "Philipssite 5", "3001", "Leuven", "it", "bytewise.be", "assistant",
         REFERRAL, "Aanbevolen door Drukkerij Vanhoutte", (), 30, 7500),
    Spec("Schrijnwerkerij Goossens", "BV", PROSPECT, "nl", "Molenstraat 27", "2800", "Mechelen", "construction",
         "goossens-schrijnwerk.be", "assistant", EVENT, MATEXPO, (BOUW, BEURS), 30, 0, family="Goossens"),
    Spec("Hotel Ter Duinen", "BV", PROSPECT, "nl", "Zeedijk 125", "8400", "Oostende", "horeca", "hotelterduinen.be",
         "assistant", WEBSITE, "Contactformulier website: vraag naar koelcel", (HORECA,), 30, 0),
    Spec("Elektro Wouters", "BV", CUSTOMER, "nl", "Europalaan 77", "3600", "Genk", "installation",
         "elektrowouters.be", "assistant", PHONE, "Belde na onze advertentie in Bouwkroniek", (BOUW,), 30, 10000,
         family="Wouters"),
    Spec("Intercommunale Leie-Schelde", "OV", CUSTOMER, "nl", "Zwijnaardsesteenweg 600", "9052", "Gent", "public",
         "leie-schelde.be", "assistant", OTHER, "Overheidsopdracht 2025/117 (gegund)", (OVERHEID,), 30, 20000,
         addresses=(("Containerpark Merelbeke", "Gaverstraat 4", "9820", "Merelbeke",
                     "Enkel op werkdagen 8u-12u, bestelbon meegeven"),),
         notes="Bestellingen altijd met het nummer van de bestelbon van de intercommunale, anders wordt de factuur "
               "teruggestuurd."),
    Spec("Slagerij Dewitte", "CommV", CUSTOMER, "nl", "Langestraat 96", "8000", "Brugge", "food",
         "slagerijdewitte.be", "assistant", EXISTING, "Klant sinds 2019", (), 14, 1500, family="Dewitte"),
    # --- Wallonia and Brussels (fr) -------------------------------------------------------------------------
    Spec("Boulangerie Lambert", "SRL", CUSTOMER, "fr", "Rue de la Cathédrale 45", "4000", "Liège", "food",
         "boulangerie-lambert.be", "assistante", EXISTING, "Client depuis 2016", (HORECA,), 14, 2000,
         family="Lambert"),
    Spec("Construction Dumont", "SA", CUSTOMER, "fr", "Rue de l'Industrie 22", "6041", "Charleroi", "construction",
         "dumont-construction.be", "assistante", EVENT, MATEXPO, (BOUW, KEY, BEURS), 45, 30000, family="Dumont",
         addresses=(("Chantier Ville-Basse", "Boulevard Tirou 100", "6000", "Charleroi",
                     "Accès par la rue de la Montagne, grue sur place"),
                    ("Dépôt Fleurus", "Rue du Chemin de Fer 9", "6220", "Fleurus", "Ouvert de 7h à 15h30"))),
    Spec("Garage Lejeune", "SRL", CUSTOMER, "fr", "Chaussée de Louvain 120", "5000", "Namur", "garage",
         "garage-lejeune.be", "assistante", EXISTING, "Client depuis 2012", (), 30, 5000, family="Lejeune"),
    Spec("Polyclinique du Val de Sambre", "ASBL", CUSTOMER, "fr", "Rue de la Clinique 12", "5060", "Sambreville",
         "care", "valdesambre.be", "assistante", REFERRAL, "Recommandée par la Maison de Repos Les Tilleuls", (ZORG,),
         60, 20000),
    Spec("Institut Technique du Hainaut", "ASBL", PROSPECT, "fr", "Avenue du Tir 15", "7000", "Mons", "school",
         "ith-mons.be", "assistante", MAILING, "Mailing écoles printemps 2026", (ONDERWIJS, OVERHEID), 30, 0),
    Spec("Imprimerie Delvaux", "SRL", CUSTOMER, "fr", "Rue de Flandre 77", "1000", "Bruxelles", "printing",
         "imprimerie-delvaux.be", "assistante", WEBSITE, "Formulaire de contact du site", (), 30, 8000,
         family="Delvaux"),
    Spec("Brasserie du Vieux Moulin", "SRL", PROSPECT, "fr", "Rue du Moulin 3", "5500", "Dinant", "horeca",
         "vieuxmoulin-dinant.be", "assistante", EVENT, "Horeca Expo Gent 2025", (HORECA,), 30, 0,
         decision_maker=False),
    Spec("Transports Gilson", "SA", CUSTOMER, "fr", "Rue Haute Claire 10", "4040", "Herstal", "logistics",
         "transports-gilson.be", "assistante", EXISTING, "Client depuis 2015", (), 30, 15000, family="Gilson"),
    Spec("Renard Solutions Informatiques", "SRL", PROSPECT, "fr", "Avenue Louise 250", "1050", "Bruxelles", "it",
         "renard-it.be", "assistante", WEBSITE, "Demande via le site : onduleurs", (), 30, 0, family="Renard"),
    Spec("Maison de Repos Les Tilleuls", "ASBL", CUSTOMER, "fr", "Rue des Tilleuls 8", "5100", "Namur", "care",
         "lestilleuls-jambes.be", "assistante", PHONE, "Appel spontané de la direction", (ZORG,), 30, 3000),
    Spec("Menuiserie Lemaire", "SComm", PROSPECT, "fr", "Chaussée de Lille 310", "7500", "Tournai", "construction",
         "menuiserie-lemaire.be", "assistante", EVENT, MATEXPO, (BOUW, BEURS), 30, 0, family="Lemaire",
         decision_maker=False),
    # --- English-speaking, in Belgium ------------------------------------------------------------------------
    Spec("Brightside Consulting", "SRL", PROSPECT, "en", "Rue de la Loi 42", "1040", "Bruxelles", "it",
         "brightside-consulting.be", "assistante", REFERRAL, "Referred by Renard Solutions Informatiques", (), 30, 0),
    Spec("Northsea Facility Services", "NV", CUSTOMER, "en", "Noorderlaan 133", "2030", "Antwerpen", "logistics",
         "northsea-fs.be", "assistant", WEBSITE, "Contact form on the website", (), 30, 12000),
    Spec("Brussels Lakeside International School", "ASBL", PROSPECT, "en", "Avenue de Tervueren 300", "1150",
         "Bruxelles", "school", "lakeside-school.be", "assistante", MAILING, "Mailing schools spring 2026",
         (ONDERWIJS,), 30, 0),
    # --- other EU countries (intra-community, reverse charge) ------------------------------------------------
    Spec("Van der Meer Installatietechniek", "B.V.", CUSTOMER, "nl", "Waalhaven Zuidzijde 21", "3089 JH",
         "Rotterdam", "installation", "vandermeer-installatie.nl", "assistant", EXISTING, "Klant sinds 2020", (), 30,
         10000, country="NL", family="van der Meer"),
    Spec("Hoogendijk Bouwmaterialen", "B.V.", PROSPECT, "nl", "Minervum 7010", "4817 ZL", "Breda", "construction",
         "hoogendijk-bouw.nl", "assistant", EVENT, MATEXPO, (BOUW, BEURS), 30, 0, country="NL", family="Hoogendijk"),
    Spec("Maçonnerie Lefebvre", "SARL", CUSTOMER, "fr", "Rue de Tournai 120", "59000", "Lille", "construction",
         "maconnerie-lefebvre.fr", "assistante", REFERRAL, "Recommandée par Menuiserie Lemaire", (BOUW,), 45, 8000,
         country="FR", family="Lefebvre"),
    Spec("Schneider Haustechnik", "GmbH", CUSTOMER, "en", "Jülicher Straße 215", "52070", "Aachen", "installation",
         "schneider-haustechnik.de", "assistant", WEBSITE, "Contact form on the website", (), 30, 15000, country="DE",
         family="Schneider"),
    Spec("Kieffer Constructions", "S.à r.l.", CUSTOMER, "fr", "Rue de Luxembourg 88", "L-4221", "Esch-sur-Alzette",
         "construction", "kieffer-constructions.lu", "assistante", EVENT, MATEXPO, (BOUW, BEURS), 30, 12000,
         country="LU", family="Kieffer"),
    # --- outside the EU (export) -----------------------------------------------------------------------------
    Spec("Alpenwerk Technik", "AG", CUSTOMER, "en", "Hochbergerstrasse 60", "4057", "Basel", "installation",
         "alpenwerk.ch", "assistante", WEBSITE, "Contact form on the website", (), 30, 0, country="CH",
         notes="Export: delivery DAP Basel, customs documents with every shipment; prepayment until further notice."),
    # --- private persons -------------------------------------------------------------------------------------
    Spec("Jan Verhoeven", "", CUSTOMER, "nl", "Bleekstraat 14", "2800", "Mechelen", "private", "telenet.be",
         "assistant", WEBSITE, "Webshopvraag: hogedrukreiniger", (), 14, 0, person=("Jan", "Verhoeven")),
    Spec("Isabelle Moreau", "", PROSPECT, "fr", "Rue du Château 5", "1300", "Wavre", "private", "skynet.be",
         "assistante", PHONE, "A appelé pour un broyeur de végétaux", (), 14, 0, person=("Isabelle", "Moreau")),
]

# Follow-up tasks, for the company's owner: company, due in days from today (negative: overdue), title, done.
TASKS = [
    ("Bouwbedrijf Verstraete & Zonen", -3, "Offerte stroomgroepen werf Hoog Kortrijk opvolgen", False),
    ("Ziekenhuis Scheldeland", -6, "Prijsvoorstel luchtbehandeling naar de technische dienst sturen", False),
    ("Hotel Ter Duinen", -1, "Terugbellen over de koelcel en prijs bevestigen", False),
    ("Hoogendijk Bouwmaterialen", -9, "Catalogus en prijslijst 2026 sturen (Matexpo-lead)", False),
    ("Schrijnwerkerij Goossens", 0, "Afspraak voor demo accugereedschap inplannen (Matexpo-lead)", False),
    ("Brouwerij De Kromme Haan", 2, "Leverdatum vaatwasmachine bevestigen", False),
    ("Vrije Basisschool De Linde", 5, "Directie bellen: wie beslist over de werkplaatsinrichting?", False),
    ("Van der Meer Installatietechniek", 8, "Levertermijn persgereedschap navragen bij de leverancier", False),
    ("Schneider Haustechnik", 12, "Engelstalige offerte accugereedschap opmaken", False),
    ("Bytewise IT", 13, "Voorstel verlenging onderhoudscontract UPS sturen", False),
    ("Transport Wuyts Logistics", -4, "Nieuwe kredietlimiet aan de klant meedelen", True),
    ("Elektro Wouters", -10, "Nagaan of de factuur van maart betaald is", True),
    ("Construction Dumont", -2, "Relancer l'offre groupes électrogènes pour le chantier Ville-Basse", False),
    ("Brasserie du Vieux Moulin", -12, "Rappeler la brasserie après Horeca Expo : qui décide ?", False),
    ("Transports Gilson", -5, "Vérifier avec la comptabilité avant toute nouvelle livraison", False),
    ("Institut Technique du Hainaut", 0, "Envoyer le dossier pour le marché public aménagement d'atelier", False),
    ("Renard Solutions Informatiques", 0, "Envoyer la fiche technique de l'onduleur", False),
    ("Isabelle Moreau", 1, "Rappeler Mme Moreau pour le broyeur de végétaux", False),
    ("Polyclinique du Val de Sambre", 3, "Planifier la visite technique de la centrale de traitement d'air", False),
    ("Menuiserie Lemaire", 6, "Proposer une démonstration d'outillage sans fil à Tournai", False),
    ("Brightside Consulting", 10, "Envoyer l'offre onduleur (en anglais)", False),
    ("Kieffer Constructions", -7, "Vérifier le numéro de TVA dans VIES avant la première commande", True),
]

# Credit on hold or blocked: company, status, reason, who decided.
CREDIT_STATUSES = [
    ("Transports Gilson", CreditStatus.ON_HOLD,
     "Three invoices more than 30 days overdue (EUR 8,420.50); second reminder sent.", "accounting"),
    ("Garage Lejeune", CreditStatus.BLOCKED,
     "Gerechtelijke reorganisatie geopend bij de ondernemingsrechtbank Luik, afdeling Namen; "
     "enkel leveren tegen vooruitbetaling.", "manager"),
]
# Credit-line requests by the owner: company, requested limit, reason, manager's approval note (None: waiting).
CREDIT_REQUESTS = [
    ("Bouwbedrijf Verstraete & Zonen", 60000,
     "Nieuwe grote werf Hoog Kortrijk vanaf juni; verwachte omzet 2026 ongeveer 180.000 EUR. Betaalt altijd op tijd.",
     None),
    ("Construction Dumont", 45000,
     "Chantier Ville-Basse : groupes électrogènes et échafaudages commandés sur six mois. "
     "Aucun retard de paiement depuis 2019.", None),
    ("Transport Wuyts Logistics", 35000,
     "Extra hub in Willebroek: bestellingen palletstellingen en heftruckbatterijen verdubbelen.",
     "Akkoord: betaalgedrag uitstekend. Limiet te herzien eind 2026."),
]
# What accounting logged about the companies whose credit it holds: company, kind, direction, days ago, summary.
ACCOUNTING_MOMENTS = [
    ("Transports Gilson", Interaction.Kind.CALL, Interaction.Direction.OUTBOUND, 6,
     "Reminder call about three overdue invoices; they promise to pay by the end of the month."),
    ("Garage Lejeune", Interaction.Kind.LETTER, Interaction.Direction.INBOUND, 15,
     "Letter from the court-appointed administrator: judicial reorganisation opened; claims to be filed."),
]

# --- what we talk about, per sector (nl, fr) ----------------------------------------------------------------
PRODUCTS = {
    "food": [("koelcel", "chambre froide"), ("vaatwasmachine", "lave-vaisselle professionnel"),
             ("compressor", "compresseur")],
    "horeca": [("koelcel", "chambre froide"), ("vaatwasmachine", "lave-vaisselle professionnel"),
               ("stoomreiniger", "nettoyeur vapeur")],
    "construction": [("stroomgroepen", "groupes électrogènes"), ("bouwlift", "monte-matériaux"),
                     ("accugereedschap", "outillage sans fil"), ("steigermateriaal", "matériel d'échafaudage")],
    "garage": [("compressor", "compresseur"), ("hefbrug", "pont élévateur"),
               ("hogedrukreiniger", "nettoyeur haute pression")],
    "care": [("industriële stofzuigers", "aspirateurs industriels"),
             ("luchtbehandelingsunit", "centrale de traitement d'air"),
             ("noodstroomgroep", "groupe électrogène de secours")],
    "school": [("werkplaatsinrichting", "aménagement d'atelier"), ("kolomboormachines", "perceuses à colonne"),
               ("afzuiginstallatie", "système d'aspiration")],
    "printing": [("compressor", "compresseur"), ("luchtbehandelingsunit", "centrale de traitement d'air"),
                 ("afzuiginstallatie", "système d'aspiration")],
    "it": [("UPS-systeem", "onduleur"), ("noodstroomgroep", "groupe électrogène de secours"),
           ("serverkoeling", "climatisation de salle serveur")],
    "logistics": [("palletstellingen", "rayonnages à palettes"), ("heftruckbatterijen", "batteries de chariot"),
                  ("hogedrukreiniger", "nettoyeur haute pression")],
    "installation": [("accugereedschap", "outillage sans fil"), ("persgereedschap", "outillage de sertissage"),
                     ("stroomgroepen", "groupes électrogènes")],
    "public": [("stroomgroepen", "groupes électrogènes"), ("hogedrukreinigers", "nettoyeurs haute pression"),
               ("werkplaatsinrichting", "aménagement d'atelier")],
    "private": [("hogedrukreiniger", "nettoyeur haute pression"), ("tuinhakselaar", "broyeur de végétaux"),
                ("compressor", "compresseur")],
}

# Contact moments: kind, direction, with whom ("all", "customers", "companies": not private persons),
# summary (nl, fr) with {p} for the product. At least five for everyone: a company gets each at most once.
MOMENTS = [
    (Interaction.Kind.CALL, "in", "all", "Vraag naar prijs en levertermijn {p}", "Demande de prix et de délai : {p}"),
    (Interaction.Kind.CALL, "out", "all", "Teruggebeld met een prijsvoorstel voor {p}",
     "Rappel avec une proposition de prix pour {p}"),
    (Interaction.Kind.EMAIL, "in", "all", "Prijsaanvraag per e-mail: {p}", "Demande de prix par e-mail : {p}"),
    (Interaction.Kind.EMAIL, "out", "all", "Brochure en technische fiche {p} doorgestuurd",
     "Brochure et fiche technique {p} envoyées"),
    (Interaction.Kind.VISIT, "out", "all", "Bezoek ter plaatse: demo {p} en opmeting",
     "Visite sur place : démonstration {p} et relevé des mesures"),
    (Interaction.Kind.CALL, "out", "companies", "Offerte {p} opgevolgd: beslissing na hun budgetoverleg",
     "Suivi de l'offre {p} : décision après leur réunion budgétaire"),
    (Interaction.Kind.CALL, "out", "customers", "Nagebeld na levering {p}: alles werkt naar wens",
     "Appel après la livraison {p} : tout fonctionne"),
    (Interaction.Kind.EMAIL, "in", "customers", "Vraag naar een kopie van factuur en leveringsbon",
     "Demande de copie de la facture et du bon de livraison"),
    (Interaction.Kind.LETTER, "out", "customers", "Nieuwe prijslijst 2026 per post verstuurd",
     "Nouveau tarif 2026 envoyé par courrier"),
]
MEETING = ("Jaaroverleg: volumes 2026 en raamcontract {p}", "Réunion annuelle : volumes 2026 et contrat-cadre {p}")
MINUTES = (
    "Aanwezig: {who}.\n\n"
    "- Volumes 2025 overlopen; voor 2026 verwachten ze ongeveer 10 % meer.\n"
    "- Ze vragen vaste prijzen voor {p} tot eind 2026.\n"
    "- Levering binnen 48 uur na bestelling blijft een voorwaarde.\n\n"
    "Afspraken:\n- Wij sturen een voorstel van raamcontract tegen {deadline}.\n"
    "- Zij bezorgen hun prognose per kwartaal.",
    "Présents : {who}.\n\n"
    "- Revue des volumes 2025 ; pour 2026 ils prévoient environ 10 % de plus.\n"
    "- Ils demandent des prix fixes pour {p} jusqu'à fin 2026.\n"
    "- Livraison dans les 48 heures après la commande : condition maintenue.\n\n"
    "Accords :\n- Nous envoyons une proposition de contrat-cadre pour le {deadline}.\n"
    "- Ils nous transmettent leurs prévisions par trimestre.",
)
EVENT_MOMENT = ("Gesprek op onze stand op Matexpo 2026: interesse in {p}",
                "Rencontre sur notre stand à Matexpo 2026 : intérêt pour {p}")

# --- people -------------------------------------------------------------------------------------------------
# name pools: (male first names, female first names, last names)
NAMES = {
    "nl": (["Jan", "Pieter", "Koen", "Bart", "Wim", "Tom", "Stijn", "Jeroen", "Dirk", "Geert", "Ruben", "Joris"],
           ["Sofie", "Katrien", "Inge", "Leen", "Nele", "Hanne", "Lotte", "Elke", "Sarah", "Griet", "Liesbeth"],
           ["Peeters", "Janssens", "Mertens", "Willems", "De Smet", "Vermeulen", "Van den Broeck", "De Clercq",
            "Vandenberghe", "Verhaegen", "Lambrecht", "Hermans", "Aerts", "Martens", "Cools", "Stevens", "Van Acker",
            "Coppens", "Verbeke", "Vervaet", "De Backer", "Pauwels"]),
    "fr": (["Jean", "Pierre", "Olivier", "Nicolas", "Julien", "Laurent", "Benoît", "Michel", "Thomas", "François"],
           ["Sophie", "Catherine", "Nathalie", "Valérie", "Julie", "Aurélie", "Céline", "Marie", "Camille", "Anne"],
           ["Dupont", "Martin", "Simon", "Leclercq", "Mathieu", "Collard", "Henrard", "Piette", "Fontaine", "Hubert",
            "Denis", "Gérard", "Jacquet", "Rousseau", "Marchal", "Wauters", "Lemoine", "Thiry"]),
    "en": (["James", "David", "Michael", "Daniel", "Oliver", "Peter", "Andrew"],
           ["Sarah", "Emma", "Laura", "Rachel", "Hannah", "Claire", "Emily"],
           ["Smith", "Walker", "Bennett", "Carter", "Hughes", "O'Brien", "Murphy", "Clarke", "Taylor", "Wright"]),
    "NL": (["Bas", "Joost", "Sander", "Maarten", "Rik"], ["Anouk", "Femke", "Marloes", "Ilse"],
           ["de Vries", "Bakker", "Visser", "de Jong", "Smit", "Mulder", "de Boer"]),
    "DE": (["Thomas", "Stefan", "Andreas", "Markus", "Jens"], ["Katrin", "Julia", "Sabine", "Anja"],
           ["Müller", "Becker", "Fischer", "Weber", "Hoffmann", "Krämer"]),
    "LU": (["Marc", "Luc", "Paul", "Yves"], ["Carole", "Nadine", "Sandra"],
           ["Schmit", "Wagner", "Weber", "Muller", "Hoffmann", "Thill"]),
    "CH": (["Lukas", "Daniel", "Reto", "Urs"], ["Andrea", "Sandra", "Nicole"],
           ["Meier", "Keller", "Huber", "Brunner", "Baumann"]),
}
DM, BUYER, ACCOUNTING, TECHNICAL, MANAGEMENT = "decision_maker", "buyer", "accounting", "technical", "management"
# job titles per language and role: (for a man, for a woman)
TITLES = {
    "nl": {"owner": ("Zaakvoerder", "Zaakvoerder"), "ceo": ("Gedelegeerd bestuurder", "Gedelegeerd bestuurder"),
           "institution": ("Directeur facilitaire diensten", "Directeur facilitaire diensten"),
           BUYER: ("Aankoper", "Aankoopverantwoordelijke"), ACCOUNTING: ("Boekhouder", "Boekhouder"),
           TECHNICAL: ("Hoofd technische dienst", "Technisch verantwoordelijke"),
           MANAGEMENT: ("Operationeel directeur", "Operationeel directeur")},
    "fr": {"owner": ("Gérant", "Gérante"), "ceo": ("Administrateur délégué", "Administratrice déléguée"),
           "institution": ("Directeur des services techniques", "Directrice des services techniques"),
           BUYER: ("Acheteur", "Acheteuse"), ACCOUNTING: ("Comptable", "Comptable"),
           TECHNICAL: ("Responsable maintenance", "Responsable maintenance"),
           MANAGEMENT: ("Directeur des opérations", "Directrice des opérations")},
    "en": {"owner": ("Owner", "Owner"), "ceo": ("Managing Director", "Managing Director"),
           "institution": ("Facilities Director", "Facilities Director"), BUYER: ("Buyer", "Purchasing Manager"),
           ACCOUNTING: ("Accountant", "Finance Manager"), TECHNICAL: ("Technical Manager", "Maintenance Manager"),
           MANAGEMENT: ("Operations Director", "Operations Director")},
}
BIG_FORMS = {"NV", "SA", "GmbH", "AG", "B.V.", "OV"}
MAILBOXES = {"nl": ("info", "boekhouding"), "fr": ("info", "comptabilite"), "en": ("hello", "accounts")}
# phone numbers: Belgian zone per city
BE_ZONES = {
    "Gent": "9", "Kortrijk": "56", "Brugge": "50", "Antwerpen": "3", "Leuven": "16", "Hasselt": "11", "Mechelen": "15",
    "Oostende": "59", "Genk": "89", "Liège": "4", "Herstal": "4", "Charleroi": "71", "Namur": "81", "Sambreville": "71",
    "Mons": "65", "Bruxelles": "2", "Dinant": "82", "Tournai": "69", "Wavre": "10",
}
BE_MOBILE = ["470", "471", "472", "473", "474", "475", "476", "477", "478", "479", "484", "485", "486", "487", "488",
             "489", "491", "492", "493", "494", "495", "496", "497", "498", "499"]
# fmt: on


@dataclass
class ContactPlan:
    first_name: str
    last_name: str
    job_title: str
    email: str
    phone: str
    mobile: str
    language: str
    channel: str
    roles: tuple[str, ...]


@dataclass
class MomentPlan:
    kind: str
    direction: str
    days_ago: int
    hour: int
    minute: int
    summary: str
    minutes: str = ""
    contacts: tuple[int, ...] = ()
    with_owner: bool = False
    with_manager: bool = False


@dataclass
class CompanyPlan:
    spec: Spec
    enterprise_number: str
    vat_number: str
    phone: str
    email: str
    invoice_email: str
    website: str
    contacts: list[ContactPlan] = field(default_factory=list)
    moments: list[MomentPlan] = field(default_factory=list)


# --- identifiers ----------------------------------------------------------------------------------------------


def belgian_enterprise_number(rng: random.Random) -> str:
    """10 digits, starting with 0 or 1: 8 digits n and 97 - n % 97."""
    n = rng.choice([rng.randint(2_000_000, 8_999_999), rng.randint(10_000_000, 10_999_999)])
    number = f"{n:08d}{97 - n % 97:02d}"
    assert be_vat.is_valid(number), number
    return number


def eu_vat_number(rng: random.Random, country: str) -> str:
    """A VAT number that passes its country's check digits (python-stdnum)."""
    if country == "NL":  # 9 digits with the BSN eleven-test, then B01
        while True:
            digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
            check = sum((9 - i) * d for i, d in enumerate(digits)) % 11
            if check < 10:
                number = "NL" + "".join(map(str, digits)) + f"{check}B01"
                break
    elif country == "FR":  # 2 check digits + SIREN (8 digits + Luhn)
        base = str(rng.randint(30_000_000, 89_999_999))
        number = "FR" + siren.to_tva(base + luhn.calc_check_digit(base))
    elif country == "DE":  # 8 digits + ISO 7064 mod 11,10
        base = str(rng.randint(10_000_000, 99_999_999))
        number = "DE" + base + mod_11_10.calc_check_digit(base)
    elif country == "LU":  # 6 digits + (n mod 89)
        base = str(rng.randint(100_000, 999_999))
        number = "LU" + base + lu_tva.calc_check_digits(base)
    else:
        raise ValueError(f"No demo VAT numbers for {country}")
    assert eu_vat.is_valid(number), number
    return number


# --- phones and mail ----------------------------------------------------------------------------------------


def _pairs(rng: random.Random, count: int) -> str:
    return " ".join(f"{rng.randint(0, 99):02d}" for _ in range(count))


def landline(rng: random.Random, country: str, city: str) -> str:
    if country == "BE":
        zone = BE_ZONES[city]
        if len(zone) == 1:
            return f"+32 {zone} {rng.randint(200, 899)} {_pairs(rng, 2)}"
        return f"+32 {zone} {rng.randint(20, 89)} {_pairs(rng, 2)}"
    return {
        "NL": lambda: f"+31 {'10' if city == 'Rotterdam' else '76'} {rng.randint(200, 899)} {rng.randint(1000, 9999)}",
        "FR": lambda: f"+33 3 20 {_pairs(rng, 3)}",
        "DE": lambda: f"+49 241 {rng.randint(1_000_000, 9_999_999)}",
        "LU": lambda: f"+352 26 {_pairs(rng, 3)}",
        "CH": lambda: f"+41 61 {rng.randint(200, 899)} {_pairs(rng, 2)}",
    }[country]()


def mobile(rng: random.Random, country: str) -> str:
    return {
        "BE": lambda: f"+32 {rng.choice(BE_MOBILE)} {_pairs(rng, 3)}",
        "NL": lambda: f"+31 6 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        "FR": lambda: f"+33 6 {_pairs(rng, 4)}",
        "DE": lambda: f"+49 151 {rng.randint(10_000_000, 99_999_999)}",
        "LU": lambda: f"+352 621 {rng.randint(100, 999)} {rng.randint(100, 999)}",
        "CH": lambda: f"+41 79 {rng.randint(200, 899)} {_pairs(rng, 2)}",
    }[country]()


def _mail_part(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_name.lower() if c.isalnum())


# --- the plan -----------------------------------------------------------------------------------------------


def _name_pool(spec: Spec, language: str) -> str:
    return spec.country if spec.country in NAMES else language


def _job_title(spec: Spec, language: str, role: str, female: bool) -> str:
    if role == DM:
        if spec.sector in {"care", "school", "public"}:
            role = "institution"
        else:
            role = "ceo" if spec.legal_form in BIG_FORMS else "owner"
    if spec.country == "NL" and role in {"owner", "ceo"}:
        return "Directeur-eigenaar" if role == "owner" else "Algemeen directeur"
    return TITLES[language][role][female]


def _plan_contacts(rng: random.Random, spec: Spec) -> list[ContactPlan]:
    if spec.person:
        first, last = spec.person
        email = f"{_mail_part(first)}.{_mail_part(last)}@{spec.domain}"
        return [ContactPlan(first, last, "", email, "", "", spec.language, "mobile", (DM,))]
    count = rng.choice([1, 2, 2, 3, 3, 4]) if spec.kind == CUSTOMER else rng.choice([1, 1, 2, 2, 3])
    if spec.decision_maker:
        others = [BUYER, ACCOUNTING, TECHNICAL, MANAGEMENT]
        rng.shuffle(others)
        role_sets = [(DM, MANAGEMENT) if count == 1 and rng.random() < 0.5 else (DM,)]
        role_sets += [(role,) for role in others[: count - 1]]
    else:
        others = [BUYER, TECHNICAL, ACCOUNTING]
        rng.shuffle(others)
        role_sets = [(role,) for role in others[: min(count, 3)]]
    contacts = []
    small = spec.legal_form not in BIG_FORMS and count <= 2
    for index, roles in enumerate(role_sets):
        if spec.language == "en" and spec.country == "BE":
            language = rng.choice(["en", "en", "fr", "nl"])  # Brussels and Antwerp: an English firm, mixed staff
        else:
            language = spec.language
        males, females, last_names = NAMES[_name_pool(spec, language)]
        female = rng.random() < 0.45
        while True:
            first = rng.choice(females if female else males)
            last = spec.family if index == 0 and spec.family and DM in roles else rng.choice(last_names)
            if first not in {c.first_name for c in contacts} and last not in {c.last_name for c in contacts}:
                break
        local = _mail_part(first) if small and index == 0 else f"{_mail_part(first)}.{_mail_part(last)}"
        contacts.append(
            ContactPlan(
                first_name=first,
                last_name=last,
                job_title=_job_title(spec, language, roles[0], female),
                email=f"{local}@{spec.domain}",
                phone=landline(rng, spec.country, spec.city) if rng.random() < 0.6 else "",
                mobile=mobile(rng, spec.country) if rng.random() < 0.7 or index == 0 else "",
                language=language,
                channel=rng.choice(["email", "email", "email", "phone", "mobile"]),
                roles=roles,
            )
        )
    return contacts


def _plan_moments(rng: random.Random, spec: Spec, contacts: list[ContactPlan]) -> list[MomentPlan]:
    lang = 0 if OWNER_LANGUAGE[spec.owner] == "nl" else 1
    products = PRODUCTS[spec.sector]

    def product() -> str:
        return rng.choice(products)[lang]

    def some_contacts(most: int = 1) -> tuple[int, ...]:
        return tuple(sorted(rng.sample(range(len(contacts)), min(most, len(contacts)))))

    at_matexpo = BEURS in spec.tags
    latest = MATEXPO_DAYS_AGO - 1 if spec.source_detail == MATEXPO else HISTORY_DAYS
    count = rng.randint(1, 5) - (1 if at_matexpo else 0)
    if any(name == spec.name for name, *_rest in ACCOUNTING_MOMENTS):
        count = max(1, count - 1)  # accounting logs one more
    days = sorted(rng.sample(range(1, latest + 1), count), reverse=True)
    moments = []
    if at_matexpo:
        moments.append(
            MomentPlan(
                Interaction.Kind.EVENT,
                "in",
                MATEXPO_DAYS_AGO,
                rng.randint(10, 17),
                rng.choice([0, 15, 30, 45]),
                EVENT_MOMENT[lang].format(p=product()),
                contacts=some_contacts(),
                with_owner=True,
            )
        )
    meeting_at = None
    if days and spec.kind == CUSTOMER and (KEY in spec.tags or rng.random() < 0.2):
        meeting_at = rng.choice(days)
    audiences = {"all", "customers" if spec.kind == CUSTOMER else "", "" if spec.person else "companies"}
    choices = [moment for moment in MOMENTS if moment[2] in audiences]
    rng.shuffle(choices)  # each kind of contact moment at most once per company
    for day in days:
        hour, minute = rng.randint(8, 17), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
        if day == meeting_at:
            p = product()
            moments.append(
                MomentPlan(
                    Interaction.Kind.MEETING,
                    "out",
                    day,
                    hour,
                    minute,
                    MEETING[lang].format(p=p),
                    minutes=MINUTES[lang].format(p=p, who="{who}", deadline="{deadline}"),
                    contacts=some_contacts(2),
                    with_owner=True,
                    with_manager=KEY in spec.tags,
                )
            )
            continue
        kind, direction, _audience, nl, fr = choices.pop()
        moments.append(
            MomentPlan(
                kind,
                direction,
                day,
                hour,
                minute,
                (nl, fr)[lang].format(p=product()),
                contacts=some_contacts(),
                with_owner=kind == Interaction.Kind.VISIT,
            )
        )
    return moments


def demo_plan() -> list[CompanyPlan]:
    """The whole demo, drawn from the fixed seed: the same on every run, whatever is in the database."""
    rng = random.Random(SEED)
    numbers = {OUR_ENTERPRISE_NUMBER}
    plans = []
    for spec in COMPANIES:
        enterprise_number = vat_number = ""
        if spec.vat_regime == VatRegime.BELGIAN:
            while enterprise_number in numbers or not enterprise_number:
                enterprise_number = belgian_enterprise_number(rng)
            vat_number = f"BE{enterprise_number}"
        elif spec.vat_regime == VatRegime.INTRA_EU:
            while vat_number in numbers or not vat_number:
                vat_number = eu_vat_number(rng, spec.country)
        numbers |= {enterprise_number, vat_number} - {""}
        general, invoices = MAILBOXES[spec.language]
        if spec.person:
            email = f"{_mail_part(spec.person[0])}.{_mail_part(spec.person[1])}@{spec.domain}"
            plan = CompanyPlan(spec, "", "", mobile(rng, "BE"), email, "", "")
        else:
            general = "contact" if spec.country in {"FR", "LU"} else general
            plan = CompanyPlan(
                spec,
                enterprise_number,
                vat_number,
                landline(rng, spec.country, spec.city),
                f"{general}@{spec.domain}",
                f"{invoices}@{spec.domain}" if rng.random() < 0.7 else "",
                f"https://www.{spec.domain}",
            )
        plan.contacts = _plan_contacts(rng, spec)
        if spec.person:
            plan.contacts[0].mobile = plan.phone  # the person and the file: one and the same mobile
        plan.moments = _plan_moments(rng, spec, plan.contacts)
        plans.append(plan)
    return plans


# --- writing it through the services ------------------------------------------------------------------------


def _at(today: datetime.date, days_ago: int, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(hour, minute))
    )


def _create(plan: CompanyPlan, people: dict[str, User], today: datetime.date) -> None:
    spec = plan.spec
    owner = people[spec.owner]
    company = Company(
        kind=spec.kind,
        name=spec.name,
        legal_form=spec.legal_form,
        enterprise_number=plan.enterprise_number,
        vat_number=plan.vat_number,
        vat_regime=spec.vat_regime,
        language=spec.language,
        street=spec.street,
        postal_code=spec.postal_code,
        city=spec.city,
        country=spec.country,
        phone=plan.phone,
        email=plan.email,
        invoice_email=plan.invoice_email,
        website=plan.website,
        payment_days=spec.payment_days,
        credit_limit=Decimal(spec.credit_limit),
        owner=owner,
        source=spec.source,
        source_detail=spec.source_detail,
        notes=spec.notes,
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in spec.tags]
    company = company_create(company=company, actor=owner, tags=tags, confirm_similar=True)

    # No service for delivery addresses: the model's own validation is the check.
    for index, (label, street, postal_code, city, instructions) in enumerate(spec.addresses):
        address = DeliveryAddress(
            company=company,
            label=label,
            street=street,
            postal_code=postal_code,
            city=city,
            country=spec.country,
            instructions=instructions,
            is_default=index == 0,
        )
        address.full_clean()
        address.save()

    contacts = []
    for person in plan.contacts:
        contact = Contact(
            company=company,
            first_name=person.first_name,
            last_name=person.last_name,
            job_title=person.job_title,
            email=person.email,
            phone=person.phone,
            mobile=person.mobile,
            language=person.language,
            preferred_channel=person.channel,
        )
        contacts.append(contact_save(contact=contact, roles=person.roles, actor=owner))

    for moment in plan.moments:
        happened_at = _at(today, moment.days_ago, moment.hour, moment.minute)
        chosen = [contacts[i] for i in moment.contacts]
        attendees = [owner] if moment.with_owner else []
        if moment.with_manager:
            attendees.append(people["manager"])
        minutes = moment.minutes.format(
            who=", ".join([c.full_name for c in chosen] + [u.get_full_name() for u in attendees]),
            deadline=(happened_at + datetime.timedelta(days=10)).strftime("%d/%m/%Y"),
        )
        interaction_log(
            company=company,
            actor=owner,
            kind=moment.kind,
            summary=moment.summary,
            direction=moment.direction,
            happened_at=happened_at,
            minutes=minutes,
            contacts=chosen,
            internal_attendees=attendees,
        )
    for name, kind, direction, days_ago, summary in ACCOUNTING_MOMENTS:
        if name == spec.name:
            interaction_log(
                company=company,
                actor=people["accounting"],
                kind=kind,
                summary=summary,
                direction=direction,
                happened_at=_at(today, days_ago, 10, 30),
                contacts=contacts[:1],
            )

    for name, status, reason, username in CREDIT_STATUSES:
        if name == spec.name:
            company_set_credit_status(company=company, status=status, reason=reason, actor=people[username])
    for name, requested_limit, reason, approval in CREDIT_REQUESTS:
        if name == spec.name:
            request = credit_request_create(
                company=company, requested_limit=Decimal(requested_limit), reason=reason, actor=owner
            )
            if approval:
                credit_request_decide(request=request, approve=True, note=approval, actor=people["manager"])

    for name, due_in, title, done in TASKS:
        if name == spec.name:
            task = task_create(
                actor=owner,
                title=title,
                due_date=today + datetime.timedelta(days=due_in),
                assignee=owner,
                company=company,
                contact=contacts[0],
            )
            if done:
                task_complete(task=task, actor=owner)


def seed_customers(users: Iterable[User] | None = None) -> None:
    """Create the demo companies that do not exist yet, each with its contacts, history, tasks and credit."""
    people = demo_users(users)
    today = timezone.localdate()
    names = set(Company.objects.values_list("name", flat=True))
    numbers = set(Company.objects.exclude(enterprise_number="").values_list("enterprise_number", flat=True))
    numbers |= set(Company.objects.exclude(vat_number="").values_list("vat_number", flat=True))
    for plan in demo_plan():
        if plan.spec.name in names or {plan.enterprise_number, plan.vat_number} & numbers:
            continue  # it exists (perhaps renamed by a user): leave it and everything on it alone
        _create(plan, people, today)
