"""Demo catalog for `seed_demo`: what Vandenbroucke Technics sells, with prices, stock and commercial knowledge.

About 65 products in six categories (compressors and pneumatics, power tools, welding, safety equipment, lighting,
and services by the hour), each with nl/fr/en texts, specifications, a datasheet, supplier and lead time. The stock
shows every availability answer: in stock, partly reserved, out of stock with goods expected within 2 to 20 days,
out of stock to be ordered, and services. On purpose a few products miss a translation and a few miss specs,
warranty and datasheet, so the catalog quality report has something to show. Also: substitutes and accessories,
quantity breaks, colleagues' Q&A, competitors' prices, a Horeca price list, a key account's contract prices, a
running and a coming promotion, and the discount limit of each role.

Idempotent by SKU and by name: a product that exists is left alone with everything that belongs to it, and so are
an existing price list, promotion or discount limit. The plan is drawn from `random.Random(2026)` before the
database is looked at, so every run describes the same data; dates are relative to today.
"""

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from customers.demo import HORECA
from customers.models import Company
from orderdesk.demo import demo_users
from orderdesk.models import User
from orderdesk.money import quantize
from orderdesk.permissions import ACCOUNTING, ASSISTANT, MANAGER
from sales.models import (
    Category,
    DiscountAuthority,
    IncomingStock,
    MarketNote,
    PriceList,
    PriceListItem,
    Product,
    ProductSpec,
    Promotion,
    QuantityBreak,
    VatCategory,
)
from sales.services.catalog import product_document_add, product_note_add, product_save
from sales.services.discounts import discount_authority_set

SEED = 2026
OUR_NAME = "Vandenbroucke Technics"
KEY_ACCOUNT = "Bouwbedrijf Verstraete & Zonen"  # customers.demo: key account with a framework contract
HORECA_LIST = "Horeca"
KEY_ACCOUNT_LIST = "Raamcontract Verstraete & Zonen"

PIECE, SET, BOX, METRE, KG, HOUR = (
    Product.Unit.PIECE,
    Product.Unit.SET,
    Product.Unit.BOX,
    Product.Unit.METRE,
    Product.Unit.KILOGRAM,
    Product.Unit.HOUR,
)
# Stock situations, one per availability answer.
STOCK, RESERVED, INCOMING, TO_ORDER, SERVICE = "stock", "reserved", "incoming", "to_order", "service"
LANGUAGES = ("nl", "fr", "en")

CMP, PWT, WLD, PPE, LGT, SRV = "CMP", "PWT", "WLD", "PPE", "LGT", "SRV"
CATEGORIES = {
    CMP: ("Compressoren & perslucht", "Compresseurs & air comprimé", "Compressors & pneumatics"),
    PWT: ("Elektrisch gereedschap", "Outillage électrique", "Power tools"),
    WLD: ("Lassen", "Soudage", "Welding"),
    PPE: ("Veiligheid & PBM", "Sécurité & EPI", "Safety equipment (PPE)"),
    LGT: ("Verlichting", "Éclairage", "Lighting"),
    SRV: ("Diensten", "Services", "Services"),
}

# Usage instructions are the same for a family of products (nl, fr, en).
USAGE = {
    "compressor": (
        "Plaats de compressor vlak en goed verlucht, minstens 30 cm van de muur. Controleer het oliepeil voor de "
        "eerste start, sluit aan zonder verlengkabel en laat het condensaat dagelijks af via de aftapkraan.",
        "Placez le compresseur à plat dans un local aéré, à 30 cm du mur au moins. Contrôlez le niveau d'huile "
        "avant le premier démarrage, branchez sans rallonge et purgez les condensats chaque jour.",
        "Place the compressor level in a ventilated room, at least 30 cm from the wall. Check the oil level before "
        "the first start, connect without an extension cable and drain the condensate daily.",
    ),
    "pneumatic": (
        "Gebruik gefilterde en gesmeerde perslucht op de aanbevolen werkdruk. Koppel enkel los zonder druk en "
        "controleer slangen en koppelingen regelmatig op lekken.",
        "Utilisez de l'air filtré et lubrifié à la pression de service recommandée. Ne débranchez que sans "
        "pression et vérifiez régulièrement l'étanchéité des tuyaux et raccords.",
        "Use filtered, lubricated air at the recommended working pressure. Disconnect only when depressurised and "
        "check hoses and couplings for leaks regularly.",
    ),
    "cordless": (
        "Laad de accu volledig voor het eerste gebruik. Gebruik enkel 18 V-accu's van hetzelfde systeem en draag "
        "oog- en gehoorbescherming. Accu uitnemen voor je een inzetstuk wisselt.",
        "Chargez complètement la batterie avant la première utilisation. N'utilisez que des batteries 18 V du même "
        "système et portez lunettes et protection auditive. Retirez la batterie avant de changer d'accessoire.",
        "Fully charge the battery before first use. Only use 18 V batteries of the same system and wear eye and "
        "hearing protection. Remove the battery before changing the bit or disc.",
    ),
    "corded": (
        "Controleer snoer en stekker voor gebruik. Gebruik de zijhandgreep en de beschermkap, en trek de stekker "
        "uit voor je een inzetstuk wisselt.",
        "Contrôlez le câble et la fiche avant usage. Utilisez la poignée latérale et le carter de protection, et "
        "débranchez avant de changer d'accessoire.",
        "Check the cable and plug before use. Use the side handle and the guard, and unplug before changing "
        "accessories.",
    ),
    "welder": (
        "Sluit de massaklem dicht bij de lasnaad aan en stel de parameters in volgens de tabel in het toestel. "
        "Las enkel met lashelm, handschoenen en voldoende afzuiging; nooit in de buurt van brandbare stoffen.",
        "Fixez la pince de masse près du joint et réglez les paramètres selon le tableau de l'appareil. Soudez "
        "uniquement avec masque, gants et aspiration suffisante ; jamais près de matières inflammables.",
        "Attach the earth clamp close to the joint and set the parameters from the chart in the machine. Only weld "
        "with a helmet, gloves and enough fume extraction; never near flammable materials.",
    ),
    "consumable": (
        "Droog en vorstvrij bewaren in de originele verpakking. Elektroden die vocht opnamen eerst drogen.",
        "Stocker au sec et à l'abri du gel dans l'emballage d'origine. Sécher les électrodes humides avant usage.",
        "Store dry and frost-free in the original packaging. Dry electrodes that took up moisture before use.",
    ),
    "ppe": (
        "Kies de juiste maat en controleer voor elk gebruik op schade. Beschadigde of vervuilde "
        "beschermingsmiddelen meteen vervangen; reinigen volgens het etiket.",
        "Choisissez la bonne taille et contrôlez l'équipement avant chaque usage. Remplacez immédiatement un EPI "
        "endommagé ou souillé ; nettoyage selon l'étiquette.",
        "Choose the right size and inspect before every use. Replace damaged or soiled protective equipment at "
        "once; clean as the label says.",
    ),
    "fall": (
        "Enkel voor opgeleide personen. Visuele controle voor elk gebruik; jaarlijkse keuring door een bevoegd "
        "persoon is verplicht (EN 365). Na een val niet meer gebruiken.",
        "Réservé aux personnes formées. Contrôle visuel avant chaque usage ; vérification annuelle par une "
        "personne compétente obligatoire (EN 365). Ne plus utiliser après une chute.",
        "For trained people only. Visual check before every use; a yearly inspection by a competent person is "
        "mandatory (EN 365). Do not use again after a fall.",
    ),
    "light": (
        "Vaste aansluiting door een erkende elektricien. Maak het toestel stroomloos voor onderhoud en reinig het "
        "glas met een vochtige doek.",
        "Raccordement fixe par un électricien agréé. Coupez l'alimentation avant l'entretien et nettoyez le verre "
        "avec un chiffon humide.",
        "Fixed wiring by a qualified electrician. Switch off the power before maintenance and clean the glass with "
        "a damp cloth.",
    ),
    "service": (
        "Plan de interventie via de binnendienst. Aangerekend per begonnen halfuur, met een minimum van 1 uur en "
        "een verplaatsingsforfait.",
        "Planifiez l'intervention via le service interne. Facturé par demi-heure entamée, minimum 1 heure, plus "
        "un forfait de déplacement.",
        "Book the job through the sales office. Charged per half hour started, with a minimum of 1 hour and a "
        "travel fee.",
    ),
}


@dataclass(frozen=True)
class Item:
    """One product as a product manager would describe it; the stock and cost are drawn from the seed."""

    sku: str
    category: str
    family: str  # a key of USAGE
    price: str
    warranty: int | None
    supplier: str
    lead_days: int | None
    stock: str
    name: tuple[str, str, str]
    description: tuple[str, str, str]
    applications: tuple[str, str, str]
    specs: tuple[tuple[str, str], ...] = ()
    unit: str = PIECE
    missing: tuple[str, ...] = ()  # a language ("en") or a field ("description_fr") left empty
    documents: tuple[str, ...] = ("nl", "fr")  # datasheets per language; "ce": the CE declaration

    def text(self, field: str, language: str) -> str:
        if language in self.missing or f"{field}_{language}" in self.missing:
            return ""
        if field == "usage":
            return USAGE[self.family][LANGUAGES.index(language)]
        return getattr(self, field)[LANGUAGES.index(language)]


ALL_DOCS = ("nl", "fr", "en", "ce")
BARE = {"documents": ()}  # with no specs and no warranty: nothing but a name and a price, for the quality report

# fmt: off
PRODUCTS = [
    # --- Compressors & pneumatics ------------------------------------------------------------------------------
    Item("CMP-2400", CMP, "compressor", "489.00", 24, "Abac Italia S.p.A.", 10, STOCK,
         ("Zuigercompressor 50 l, 2,2 kW", "Compresseur à piston 50 l, 2,2 kW", "Piston compressor 50 l, 2.2 kW"),
         ("Oliegesmeerde eentraps zuigercompressor op wielen, met drukregelaar, twee manometers en snelkoppeling.",
          "Compresseur à piston monoétagé lubrifié sur roues, avec détendeur, deux manomètres et raccord rapide.",
          "Oil-lubricated single-stage piston compressor on wheels, with regulator, two gauges and quick coupling."),
         ("Garages, bandenservice, schrijnwerkerijen en kleine werkplaatsen: nagelen, blazen, banden oppompen.",
          "Garages, services pneus, menuiseries et petits ateliers : clouage, soufflage, gonflage.",
          "Garages, tyre services, joiners and small workshops: nailing, blowing, tyre inflation."),
         (("Vermogen", "2,2 kW (3 pk)"), ("Spanning", "230 V"), ("Tankinhoud", "50 l"), ("Max. druk", "10 bar"),
          ("Aanzuigvolume", "255 l/min"), ("Geluidsniveau", "97 dB(A)")), documents=ALL_DOCS),
    Item("CMP-2410", CMP, "compressor", "899.00", 24, "Abac Italia S.p.A.", 10, RESERVED,
         ("Zuigercompressor 100 l, 3 kW, 400 V", "Compresseur à piston 100 l, 3 kW, 400 V",
          "Piston compressor 100 l, 3 kW, 400 V"),
         ("Tweecilinder zuigercompressor in gietijzer voor dagelijks gebruik, met thermische beveiliging.",
          "Compresseur bicylindre en fonte pour un usage quotidien, avec protection thermique.",
          "Two-cylinder cast-iron piston compressor for daily use, with thermal protection."),
         ("Carrosserieën, metaalwerkplaatsen en bouwbedrijven met meerdere gebruikers tegelijk.",
          "Carrosseries, ateliers métalliques et entreprises de construction avec plusieurs utilisateurs.",
          "Body shops, metal workshops and builders with several users at the same time."),
         (("Vermogen", "3 kW (4 pk)"), ("Spanning", "400 V, driefasig"), ("Tankinhoud", "100 l"),
          ("Max. druk", "10 bar"), ("Aanzuigvolume", "400 l/min"), ("Gewicht", "78 kg")),
         documents=("nl", "fr", "ce")),
    Item("CMP-2450", CMP, "compressor", "389.00", 24, "Schneider Airsystems GmbH", 8, INCOMING,
         ("Stille compressor 24 l, olievrij", "Compresseur silencieux 24 l, sans huile",
          "Silent compressor 24 l, oil-free"),
         ("Olievrije, zeer stille compressor voor gebruik binnen, zonder onderhoud van olie.",
          "Compresseur sans huile très silencieux pour l'intérieur, sans entretien d'huile.",
          "Oil-free, very quiet compressor for indoor use, with no oil to maintain."),
         ("Onderhoudsdiensten, labo's, grootkeukens en afwerking binnen, waar lawaai stoort.",
          "Services d'entretien, laboratoires, cuisines professionnelles et finitions intérieures.",
          "Maintenance teams, laboratories, commercial kitchens and indoor finishing, where noise matters."),
         (("Vermogen", "0,75 kW"), ("Spanning", "230 V"), ("Tankinhoud", "24 l"), ("Max. druk", "8 bar"),
          ("Geluidsniveau", "59 dB(A)"))),
    Item("CMP-3050", CMP, "compressor", "5450.00", 36, "Atlas Copco Airpower NV", 14, STOCK,
         ("Schroefcompressor 5,5 kW op tank 200 l", "Compresseur à vis 5,5 kW sur réservoir 200 l",
          "Screw compressor 5.5 kW on 200 l tank"),
         ("Stille schroefcompressor op tank met koeldroger, gebouwd voor continu gebruik.",
          "Compresseur à vis silencieux sur réservoir avec sécheur frigorifique, conçu pour un usage continu.",
          "Quiet tank-mounted screw compressor with refrigeration dryer, built for continuous duty."),
         ("Productiebedrijven, carrosserieën en schrijnwerkerijen met meerdere werkposten.",
          "Entreprises de production, carrosseries et menuiseries avec plusieurs postes de travail.",
          "Production sites, body shops and joineries with several workstations."),
         (("Vermogen", "5,5 kW"), ("Spanning", "400 V"), ("Tankinhoud", "200 l"), ("Werkdruk", "10 bar"),
          ("Debiet", "690 l/min"), ("Geluidsniveau", "66 dB(A)")), documents=ALL_DOCS),
    Item("CMP-3100", CMP, "compressor", "6950.00", 36, "Atlas Copco Airpower NV", 21, TO_ORDER,
         ("Schroefcompressor 7,5 kW met droger, 270 l", "Compresseur à vis 7,5 kW avec sécheur, 270 l",
          "Screw compressor 7.5 kW with dryer, 270 l"),
         ("Schroefcompressor met geïntegreerde koeldroger en elektronische sturing, voor droge perslucht.",
          "Compresseur à vis avec sécheur intégré et régulation électronique, pour un air sec.",
          "Screw compressor with built-in dryer and electronic controller, for dry compressed air."),
         ("Spuitcabines, voedingsindustrie en productielijnen die droge lucht vragen.",
          "Cabines de peinture, industrie alimentaire et lignes de production exigeant un air sec.",
          "Paint booths, food industry and production lines that need dry air."),
         (("Vermogen", "7,5 kW"), ("Spanning", "400 V"), ("Tankinhoud", "270 l"), ("Werkdruk", "10 bar"),
          ("Debiet", "1.050 l/min"), ("Drukdauwpunt", "3 °C")), documents=("nl", "fr", "ce")),
    Item("CMP-5010", CMP, "pneumatic", "39.90", 12, "CEJN AB", 5, STOCK,
         ("Persluchtslang PU 8 × 12 mm, 15 m", "Tuyau d'air PU 8 × 12 mm, 15 m", "PU air hose 8 × 12 mm, 15 m"),
         ("Soepele polyurethaanslang met snelkoppeling en insteeknippel, knikvast.",
          "Tuyau souple en polyuréthane avec raccord rapide et embout, résistant au pliage.",
          "Flexible polyurethane hose with quick coupling and plug, kink resistant."),
         ("Aansluiting van luchtgereedschap op compressor of persluchtnet.",
          "Raccordement d'outils pneumatiques au compresseur ou au réseau d'air.",
          "Connecting air tools to a compressor or air network."),
         (("Binnendiameter", "8 mm"), ("Lengte", "15 m"), ("Max. werkdruk", "15 bar"),
          ("Materiaal", "polyurethaan"), ("Koppeling", "snelkoppeling type 320"))),
    Item("CMP-5020", CMP, "pneumatic", "189.00", 24, "Prevost SAS", 12, STOCK,
         ("Automatische slanghaspel 10 mm, 20 m", "Enrouleur automatique 10 mm, 20 m",
          "Automatic hose reel 10 mm, 20 m"),
         ("Gesloten slanghaspel met veerterugloop en slangstopper, draaibaar aan wand of plafond.",
          "Enrouleur fermé à rappel par ressort avec butée, orientable au mur ou au plafond.",
          "Enclosed spring-return hose reel with hose stop, swivelling on wall or ceiling."),
         ("Werkplaatsen en garages: perslucht altijd bij de hand, geen slang op de vloer.",
          "Ateliers et garages : l'air toujours à portée de main, pas de tuyau au sol.",
          "Workshops and garages: air always at hand, no hose on the floor."),
         (("Slanglengte", "20 m"), ("Binnendiameter", "10 mm"), ("Max. werkdruk", "15 bar"),
          ("Montage", "wand of plafond, draaibaar 180°"))),
    Item("CMP-5030", CMP, "pneumatic", "3.40", 12, "Merlett Tecnoplastic S.p.A.", 7, STOCK,
         ("Persluchtslang rubber 10 × 17 mm, per meter", "Tuyau d'air caoutchouc 10 × 17 mm, au mètre",
          "Rubber air hose 10 × 17 mm, per metre"),
         ("Rubberen persluchtslang op rol, op maat gesneden, olie- en slijtvast.",
          "Tuyau d'air en caoutchouc coupé à la longueur, résistant à l'huile et à l'abrasion.",
          "Rubber air hose cut to length, oil and abrasion resistant."),
         ("Vaste persluchtleidingen in werkplaatsen en verbindingen tussen compressor en ketel.",
          "Conduites d'air fixes en atelier et liaisons entre compresseur et réservoir.",
          "Fixed air lines in workshops and links between compressor and receiver."),
         (("Binnendiameter", "10 mm"), ("Buitendiameter", "17 mm"), ("Max. werkdruk", "20 bar"),
          ("Temperatuurbereik", "-25 tot +70 °C")), unit=METRE),
    Item("CMP-5100", CMP, "pneumatic", "34.50", None, "CEJN AB", 5, STOCK,
         ("Snelkoppelingsset, 10-delig", "Jeu de raccords rapides, 10 pièces", "Quick coupling set, 10 pieces"),
         ("Koppelingen en nippels in messing voor de gangbare slangdiameters.",
          "Coupleurs et embouts en laiton pour les diamètres de tuyau courants.",
          "Brass couplings and plugs for the usual hose sizes."),
         ("Herstellen en uitbreiden van persluchtslangen.", "Réparer et étendre les tuyaux d'air.",
          "Repairing and extending air hoses."), unit=SET, **BARE),
    Item("CMP-6010", CMP, "pneumatic", "229.00", 12, "Desoutter Industrial Tools SAS", 7, STOCK,
         ('Pneumatische slagmoersleutel 1/2", 1.200 Nm', 'Clé à chocs pneumatique 1/2", 1 200 Nm',
          'Pneumatic impact wrench 1/2", 1,200 Nm'),
         ("Compacte slagmoersleutel met twin-hammer slagwerk en drie standen vooruit.",
          "Clé à chocs compacte avec mécanisme double marteau et trois positions en avant.",
          "Compact impact wrench with twin-hammer mechanism and three forward settings."),
         ("Wielwissels, onderhoud van vrachtwagens en landbouwmachines, staalbouw.",
          "Changement de roues, entretien de camions et machines agricoles, construction métallique.",
          "Wheel changes, truck and farm machinery maintenance, steel construction."),
         (("Aandrijving", '1/2"'), ("Max. koppel", "1.200 Nm"), ("Luchtverbruik", "119 l/min"),
          ("Werkdruk", "6,3 bar"), ("Gewicht", "2,1 kg"))),
    Item("CMP-6020", CMP, "pneumatic", "389.00", 12, "SATA GmbH & Co. KG", 10, STOCK,
         ("HVLP-verfspuitpistool 1,3 mm", "Pistolet à peinture HVLP 1,3 mm", "HVLP spray gun 1.3 mm"),
         ("Professioneel HVLP-pistool met bovenbeker, weinig overspray en een egaal spuitbeeld.",
          "Pistolet HVLP professionnel à godet supérieur, peu de brouillard et un jet régulier.",
          "Professional gravity-feed HVLP gun with little overspray and an even pattern."),
         ("Carrosserie, meubellakken en industriële afwerking.",
          "Carrosserie, laquage de meubles et finition industrielle.",
          "Car refinishing, furniture lacquering and industrial finishing."),
         (("Sproeier", "1,3 mm"), ("Beker", "600 ml"), ("Luchtverbruik", "350 l/min"),
          ("Ingangsdruk", "2,0 bar"))),
    Item("CMP-7010", CMP, "pneumatic", "119.00", 24, "Festo SE & Co. KG", 9, STOCK,
         ('Filter-regelaar-smeereenheid 1/2"', 'Filtre-régulateur-lubrificateur 1/2"',
          'Filter regulator lubricator 1/2"'),
         ("Verzorgingseenheid die perslucht filtert, de druk regelt en olienevel toevoegt.",
          "Unité de traitement qui filtre l'air, règle la pression et ajoute un brouillard d'huile.", ""),
         ("Voor luchtgereedschap en pneumatische cilinders aan het einde van het persluchtnet.",
          "Pour outils pneumatiques et vérins en bout de réseau d'air comprimé.",
          "For air tools and pneumatic cylinders at the end of an air network."),
         (("Aansluiting", 'G 1/2"'), ("Filterfijnheid", "40 µm"), ("Drukbereik", "0,5–12 bar"),
          ("Debiet", "2.800 l/min")), missing=("description_en", "usage_fr", "usage_en")),
    # --- Power tools ---------------------------------------------------------------------------------------------
    Item("PWT-1810", PWT, "cordless", "329.00", 36, "Metabowerke GmbH", 6, STOCK,
         ("Accuklopboorschroefmachine 18 V, 2 × 5,2 Ah", "Perceuse-visseuse à percussion 18 V, 2 × 5,2 Ah",
          "Cordless combi drill 18 V, 2 × 5.2 Ah"),
         ("Borstelloze klopboorschroefmachine met twee accu's, snellader en koffer.",
          "Perceuse-visseuse à percussion sans charbons avec deux batteries, chargeur rapide et coffret.",
          "Brushless combi drill with two batteries, fast charger and case."),
         ("Installateurs, schrijnwerkers en onderhoudsdiensten: boren in hout, metaal en metselwerk.",
          "Installateurs, menuisiers et services d'entretien : perçage bois, métal et maçonnerie.",
          "Installers, joiners and maintenance teams: drilling wood, metal and masonry."),
         (("Spanning", "18 V"), ("Accu", "2 × 5,2 Ah Li-ion"), ("Max. draaimoment", "120 Nm"),
          ("Boorhouder", "13 mm"), ("Gewicht", "1,9 kg")), documents=("nl", "fr", "en")),
    Item("PWT-1820", PWT, "cordless", "279.00", 36, "Metabowerke GmbH", 6, RESERVED,
         ('Accuslagmoersleutel 18 V, 1/2"', 'Boulonneuse sans fil 18 V, 1/2"', 'Cordless impact wrench 18 V, 1/2"'),
         ("Krachtige slagmoersleutel zonder accu, voor het 18 V-systeem.",
          "Boulonneuse puissante sans batterie, pour le système 18 V.",
          "Powerful impact wrench without battery, for the 18 V system."),
         ("Montage van staalconstructies, stellingen en wielwissels op verplaatsing.",
          "Montage de structures métalliques, rayonnages et changements de roues sur site.",
          "Assembling steel structures, racking and wheel changes on site."),
         (("Spanning", "18 V"), ("Aandrijving", '1/2"'), ("Max. koppel", "600 Nm"),
          ("Accu", "niet inbegrepen"))),
    Item("PWT-1830", PWT, "cordless", "249.00", 36, "Metabowerke GmbH", 6, INCOMING,
         ("Accuhaakse slijper 18 V, 125 mm", "Meuleuse sans fil 18 V, 125 mm", "Cordless angle grinder 18 V, 125 mm"),
         ("Borstelloze haakse slijper met snelremsysteem en platte tandwielkop, zonder accu.",
          "Meuleuse sans charbons avec frein rapide et tête plate, sans batterie.",
          "Brushless angle grinder with quick brake and flat gear head, without battery."),
         ("Slijpen en doorslijpen op de werf, waar geen stopcontact is.",
          "Meulage et tronçonnage sur chantier, sans prise de courant.",
          "Grinding and cutting on site, where there is no socket."),
         (("Spanning", "18 V"), ("Schijfdiameter", "125 mm"), ("Toerental", "8.500 tpm"),
          ("Remsysteem", "ja"), ("Accu", "niet inbegrepen"))),
    Item("PWT-1840", PWT, "cordless", "299.00", 36, "Metabowerke GmbH", 15, TO_ORDER,
         ("Accucirkelzaag 18 V, 165 mm", "Scie circulaire sans fil 18 V, 165 mm", "Cordless circular saw 18 V, 165 mm"),
         ("Lichte cirkelzaag met aluminium zaagschoen en aansluiting voor stofafzuiging, zonder accu.",
          "Scie circulaire légère à semelle aluminium et raccord d'aspiration, sans batterie.",
          "Light circular saw with aluminium base and dust port, without battery."),
         ("Schrijnwerk, dakwerken en afwerking op de werf.", "Menuiserie, toitures et finitions sur chantier.",
          "Joinery, roofing and finishing on site."),
         (("Spanning", "18 V"), ("Zaagblad", "165 mm"), ("Zaagdiepte 90°", "57 mm"), ("Accu", "niet inbegrepen"))),
    Item("PWT-1890", PWT, "cordless", "119.00", 36, "Metabowerke GmbH", 6, STOCK,
         ("Accu 18 V, 5,2 Ah", "Batterie 18 V, 5,2 Ah", "Battery 18 V, 5.2 Ah"),
         ("Li-ion-accu met laadindicator, past op alle 18 V-machines van het systeem.",
          "Batterie Li-ion avec indicateur de charge, compatible avec toutes les machines 18 V du système.",
          "Li-ion battery with charge indicator, fits every 18 V machine of the system."),
         ("Reserveaccu voor accugereedschap.", "Batterie de réserve pour outillage sans fil.",
          "Spare battery for cordless tools."),
         (("Spanning", "18 V"), ("Capaciteit", "5,2 Ah"), ("Type", "Li-ion"), ("Laadtijd", "52 min"))),
    Item("PWT-1895", PWT, "cordless", "69.00", 24, "Metabowerke GmbH", 6, STOCK,
         ("Snellader 12–18 V", "Chargeur rapide 12–18 V", "Fast charger 12–18 V"),
         ("Snellader met ventilatorkoeling voor alle 12 V- en 18 V-accu's van het systeem.",
          "Chargeur rapide ventilé pour toutes les batteries 12 V et 18 V du système.",
          "Fan-cooled fast charger for every 12 V and 18 V battery of the system."),
         ("Werkplaats en bestelwagen.", "Atelier et camionnette.", "Workshop and van."),
         (("Spanning", "230 V"), ("Laadstroom", "4,5 A"), ("Geschikt voor", "12 V en 18 V Li-ion"))),
    Item("PWT-2125", PWT, "corded", "139.00", 12, "Makita Werkzeug GmbH", 5, STOCK,
         ("Haakse slijper 1.200 W, 125 mm", "Meuleuse d'angle 1 200 W, 125 mm", "Angle grinder 1,200 W, 125 mm"),
         ("Robuuste haakse slijper met aanloopstroombegrenzing en herstartbeveiliging.",
          "Meuleuse robuste avec limitation du courant de démarrage et protection contre le redémarrage.",
          "Sturdy angle grinder with soft start and restart protection."),
         ("Metaalbewerking, slijpen van lasnaden en doorslijpen van steen.",
          "Travail du métal, meulage de soudures et tronçonnage de pierre.",
          "Metalwork, grinding welds and cutting stone."),
         (("Vermogen", "1.200 W"), ("Spanning", "230 V"), ("Schijfdiameter", "125 mm"),
          ("Toerental", "11.000 tpm"), ("Gewicht", "2,3 kg"))),
    Item("PWT-2210", PWT, "corded", "229.00", 12, "Makita Werkzeug GmbH", 5, STOCK,
         ("Handcirkelzaag 1.400 W, 190 mm", "Scie circulaire 1 400 W, 190 mm", "Circular saw 1,400 W, 190 mm"),
         ("Cirkelzaag met verstekinstelling tot 56° en geleiderail-compatibele zaagschoen.",
          "Scie circulaire avec inclinaison jusqu'à 56° et semelle compatible rail de guidage.",
          "Circular saw with bevel up to 56° and guide-rail compatible base."),
         ("Zagen van balken, platen en bekisting.", "Sciage de poutres, panneaux et coffrages.",
          "Cutting beams, boards and formwork."),
         (("Vermogen", "1.400 W"), ("Spanning", "230 V"), ("Zaagblad", "190 mm"), ("Zaagdiepte 90°", "66 mm"))),
    Item("PWT-2310", PWT, "corded", "259.00", 24, "Robert Bosch Power Tools GmbH", 8, INCOMING,
         ("Combihamer SDS-plus 800 W", "Perforateur SDS-plus 800 W", "Rotary hammer SDS-plus 800 W"),
         ("Combihamer met drie functies (boren, hamerboren, beitelen) en uitwisselbare boorhouder.",
          "Perforateur trois fonctions (perçage, perforation, burinage) avec mandrin interchangeable.",
          "Three-mode rotary hammer (drilling, hammer drilling, chiselling) with quick-change chuck."),
         ("Installateurs en elektriciens: boren in beton en metselwerk.",
          "Installateurs et électriciens : perçage dans le béton et la maçonnerie.",
          "Installers and electricians: drilling concrete and masonry."),
         (("Vermogen", "800 W"), ("Slagkracht", "2,7 J"), ("Boordiameter beton", "26 mm"), ("Gewicht", "2,9 kg"))),
    Item("PWT-2315", PWT, "corded", "289.00", 12, "Makita Werkzeug GmbH", 5, STOCK,
         ("Combihamer SDS-plus 1.000 W", "Perforateur SDS-plus 1 000 W", "Rotary hammer SDS-plus 1,000 W"),
         ("Combihamer met actieve trillingsdemping en koppeling tegen blokkeren.",
          "Perforateur avec anti-vibration active et embrayage de sécurité.", ""),
         ("Zwaarder boorwerk in beton, sleuven kappen voor leidingen.",
          "Perçage intensif dans le béton, saignées pour conduites.", ""),
         (("Vermogen", "1.000 W"), ("Slagkracht", "3,1 J"), ("Boordiameter beton", "28 mm"),
          ("Trillingsdemping", "AVT")), missing=("en",)),
    Item("PWT-2320", PWT, "corded", "749.00", 24, "Robert Bosch Power Tools GmbH", 8, STOCK,
         ("Breekhamer SDS-max 1.500 W", "Marteau-piqueur SDS-max 1 500 W", "Demolition hammer SDS-max 1,500 W"),
         ("Breekhamer met constante slagkracht en trillingsarme handgreep, in koffer met beitels.",
          "Marteau-piqueur à frappe constante et poignée anti-vibrations, en coffret avec burins.",
          "Demolition hammer with constant impact and low-vibration handle, in a case with chisels."),
         ("Afbraak, tegels verwijderen en openkappen van beton.",
          "Démolition, décollage de carrelage et ouverture de béton.",
          "Demolition, tile removal and opening up concrete."),
         (("Vermogen", "1.500 W"), ("Slagkracht", "12,5 J"), ("Opname", "SDS-max"), ("Gewicht", "6,8 kg"))),
    Item("PWT-2410", PWT, "corded", "489.00", 24, "Nilfisk A/S", 10, STOCK,
         ("Bouwstofzuiger M-klasse, 30 l", "Aspirateur de chantier classe M, 30 l", "M-class site vacuum, 30 l"),
         ("Nat- en droogzuiger met automatische filterreiniging en stopcontact voor gereedschap.",
          "Aspirateur eau et poussière avec décolmatage automatique et prise pour outil.",
          "Wet and dry vacuum with automatic filter cleaning and a socket for the tool."),
         ("Stofvrij boren en slijpen in beton (kwartsstof), renovatie in bewoonde gebouwen.",
          "Perçage et meulage du béton sans poussière (silice), rénovation en site occupé.",
          "Dust-free drilling and grinding of concrete (silica), renovation in occupied buildings."),
         (("Vermogen", "1.200 W"), ("Inhoud", "30 l"), ("Stofklasse", "M"),
          ("Filterreiniging", "automatisch"), ("Spanning", "230 V"))),
    Item("PWT-2910", PWT, "corded", "79.00", None, "Tyrolit Schleifmittelwerke Swarovski AG & Co K.G.", 7, STOCK,
         ("Diamantschijf beton 125 mm (5 stuks)", "Disque diamant béton 125 mm (5 pièces)",
          "Diamond blade for concrete 125 mm (5 pieces)"),
         ("Gesegmenteerde diamantschijf voor droog doorslijpen van beton en steen.",
          "Disque diamant segmenté pour le tronçonnage à sec du béton et de la pierre.",
          "Segmented diamond blade for dry cutting of concrete and stone."),
         ("Haakse slijpers 125 mm.", "Meuleuses 125 mm.", "125 mm angle grinders."), unit=BOX, **BARE),
    # --- Welding -------------------------------------------------------------------------------------------------
    Item("WLD-1600", WLD, "welder", "1890.00", 24, "Fronius International GmbH", 12, RESERVED,
         ("TIG-lasapparaat DC 160 A met puls", "Poste TIG DC 160 A avec pulsé", "TIG welder DC 160 A with pulse"),
         ("Draagbare TIG-inverter met HF-ontsteking, puls en elektrodelasfunctie.",
          "Onduleur TIG portable avec amorçage HF, pulsé et fonction électrode.",
          "Portable TIG inverter with HF ignition, pulse and stick welding."),
         ("Roestvrij staal en dunne plaat: installateurs, inox-werkplaatsen, voedingsindustrie.",
          "Inox et tôle fine : installateurs, ateliers inox, industrie alimentaire.",
          "Stainless steel and thin sheet: installers, stainless workshops, food industry."),
         (("Lasstroom", "5–160 A"), ("Spanning", "230 V"), ("Inschakelduur", "35 % bij 160 A"),
          ("Elektrodelassen", "ja"), ("Gewicht", "8,9 kg")), documents=("nl", "fr")),
    Item("WLD-1800", WLD, "welder", "349.00", 24, "GYS SAS", 12, TO_ORDER,
         ("Elektrodelasapparaat MMA 180 A", "Poste à électrode MMA 180 A", "Stick welder MMA 180 A"),
         ("Compacte inverter voor beklede elektroden, met hot start en anti-kleef.",
          "Onduleur compact pour électrodes enrobées, avec hot start et anti-collage.",
          "Compact inverter for coated electrodes, with hot start and anti-stick."),
         ("Herstellingen en montage op locatie, landbouw en onderhoud.",
          "Réparations et montage sur site, agriculture et maintenance.",
          "Repairs and assembly on site, farming and maintenance."),
         (("Lasstroom", "10–180 A"), ("Spanning", "230 V"), ("Elektroden", "1,6–4,0 mm"), ("Gewicht", "4,6 kg"))),
    Item("WLD-2000", WLD, "welder", "1290.00", 24, "ESAB AB", 10, STOCK,
         ("MIG/MAG-lasapparaat 200 A, synergisch", "Poste MIG/MAG 200 A, synergique",
          "MIG/MAG welder 200 A, synergic"),
         ("Synergisch MIG/MAG-toestel: kies draad en gas, het toestel stelt spanning en draadsnelheid in.",
          "Poste MIG/MAG synergique : choisissez fil et gaz, le poste règle tension et vitesse du fil.",
          "Synergic MIG/MAG machine: choose wire and gas, it sets voltage and wire speed."),
         ("Carrosserie, metaalconstructie en onderhoudswerkplaatsen.",
          "Carrosserie, construction métallique et ateliers d'entretien.",
          "Body repair, steel fabrication and maintenance workshops."),
         (("Lasstroom", "30–200 A"), ("Spanning", "230 V"), ("Inschakelduur", "25 % bij 200 A"),
          ("Draaddiameter", "0,6–1,0 mm"), ("Draadspoel", "max. 15 kg (300 mm)"), ("Gewicht", "17 kg")),
         documents=ALL_DOCS),
    Item("WLD-3150", WLD, "welder", "2890.00", 24, "ESAB AB", 18, INCOMING,
         ("MIG/MAG-lasapparaat 315 A, 400 V", "Poste MIG/MAG 315 A, 400 V", "MIG/MAG welder 315 A, 400 V"),
         ("Industrieel MIG/MAG-toestel met vierrolsaandrijving en gescheiden draadkoffer.",
          "Poste MIG/MAG industriel avec dévidoir quatre galets séparé.",
          "Industrial MIG/MAG machine with separate four-roll wire feeder."),
         ("Staalbouw, ketelbouw en productiewerk met lange lasnaden.",
          "Charpente métallique, chaudronnerie et production avec de longs cordons.",
          "Steel construction, boilermaking and production work with long welds."),
         (("Lasstroom", "30–315 A"), ("Spanning", "400 V"), ("Inschakelduur", "60 % bij 250 A"),
          ("Draadaanvoer", "4 rollen"), ("Koeling", "gas")), documents=("nl", "fr", "ce")),
    Item("WLD-4000", WLD, "welder", "1490.00", 36, "Hypertherm Europe B.V.", 14, INCOMING,
         ("Plasmasnijder 40 A", "Découpeur plasma 40 A", "Plasma cutter 40 A"),
         ("Plasmasnijder met ingebouwde luchtregeling, snijdt alle geleidende metalen.",
          "Découpeur plasma avec régulation d'air intégrée, coupe tous les métaux conducteurs.",
          "Plasma cutter with built-in air control, cuts every conductive metal."),
         ("Snijden van staal, inox en aluminium in werkplaats en op de werf.",
          "Découpe d'acier, d'inox et d'aluminium en atelier et sur chantier.",
          "Cutting steel, stainless and aluminium in the workshop and on site."),
         (("Snijstroom", "20–40 A"), ("Spanning", "230 V"), ("Aanbevolen snijdikte", "12 mm"),
          ("Perslucht", "5,5 bar, 130 l/min")), documents=("nl", "en")),
    Item("WLD-5010", WLD, "consumable", "4.20", 12, "Lincoln Electric Europe B.V.", 7, STOCK,
         ("Lasdraad SG2 0,8 mm (spoel 15 kg)", "Fil de soudage SG2 0,8 mm (bobine 15 kg)",
          "Welding wire SG2 0.8 mm (15 kg spool)"),
         ("Verkoperde massieve lasdraad voor ongelegeerd staal, per kg verkocht in spoelen van 15 kg.",
          "Fil massif cuivré pour acier non allié, vendu au kg en bobines de 15 kg.",
          "Copper-coated solid wire for mild steel, sold per kg in 15 kg spools."),
         ("MIG/MAG-lassen van constructiestaal onder menggas of CO2.",
          "Soudage MIG/MAG d'acier de construction sous gaz mélange ou CO2.",
          "MIG/MAG welding of structural steel with mixed gas or CO2."),
         (("Norm", "EN ISO 14341-A G3Si1"), ("Diameter", "0,8 mm"), ("Spoel", "15 kg (BS300)"),
          ("Gas", "M21 of CO2")), unit=KG),
    Item("WLD-5020", WLD, "consumable", "42.00", 12, "ESAB AB", 7, STOCK,
         ("Rutielelektroden 3,2 mm (doos 4,5 kg)", "Électrodes rutiles 3,2 mm (boîte 4,5 kg)",
          "Rutile electrodes 3.2 mm (4.5 kg box)"),
         ("Universele rutielelektrode, makkelijk te ontsteken, weinig spatten.",
          "Électrode rutile universelle, amorçage facile, peu de projections.",
          "General-purpose rutile electrode, easy striking, little spatter."),
         ("Herstellingen en montage van ongelegeerd staal.", "Réparations et montage d'acier non allié.",
          "Repairs and assembly of mild steel."),
         (("Norm", "EN ISO 2560-A E 42 0 RR 12"), ("Afmetingen", "3,2 × 350 mm"), ("Lasstroom", "90–140 A"),
          ("Inhoud", "4,5 kg")), unit=BOX),
    Item("WLD-5030", WLD, "consumable", "89.00", 24, "GCE s.r.o.", 9, STOCK,
         ("Drukregelaar argon/CO2 met debietmeter", "Détendeur argon/CO2 avec débitmètre",
          "Argon/CO2 regulator with flowmeter"),
         ("Eentraps drukregelaar met manometer en debietmeter voor beschermgas.",
          "Détendeur monoétagé avec manomètre et débitmètre pour gaz de protection.",
          "Single-stage regulator with gauge and flowmeter for shielding gas."),
         ("MIG/MAG- en TIG-lassen.", "Soudage MIG/MAG et TIG.", "MIG/MAG and TIG welding."),
         (("Gas", "argon, CO2, menggas"), ("Ingangsdruk", "max. 200 bar"), ("Debiet", "0–30 l/min"),
          ("Aansluiting", 'W21,8 × 1/14"'))),
    Item("WLD-5040", WLD, "consumable", "149.00", 12, "Alexander Binzel Schweisstechnik GmbH & Co. KG", 8, STOCK,
         ("MIG-lastoorts MB 25, 4 m", "Torche MIG MB 25, 4 m", "MIG torch MB 25, 4 m"),
         ("Gasgekoelde lastoorts met euro-centraalaansluiting en ergonomische handgreep.",
          "Torche refroidie au gaz avec raccord euro et poignée ergonomique.",
          "Gas-cooled torch with euro connector and ergonomic handle."),
         ("Vervanging of reserve voor MIG/MAG-toestellen tot 230 A.",
          "Remplacement ou réserve pour postes MIG/MAG jusqu'à 230 A.",
          "Replacement or spare for MIG/MAG machines up to 230 A."),
         (("Belasting", "230 A CO2 / 200 A menggas"), ("Lengte", "4 m"), ("Aansluiting", "euro-centraal"),
          ("Draad", "0,8–1,0 mm"))),
    Item("WLD-6010", WLD, "ppe", "179.00", 24, "Optrel AG", 7, STOCK,
         ("Automatische lashelm DIN 9–13", "Masque de soudage automatique DIN 9–13",
          "Auto-darkening welding helmet DIN 9–13"),
         ("Lashelm met automatisch verdonkerend filter, instelbare gevoeligheid en vertraging.",
          "Masque à filtre auto-obscurcissant, sensibilité et retard réglables.",
          "Helmet with auto-darkening filter, adjustable sensitivity and delay."),
         ("MIG/MAG-, TIG- en elektrodelassen.", "Soudage MIG/MAG, TIG et à l'électrode.",
          "MIG/MAG, TIG and stick welding."),
         (("Lasfilter", "DIN 9–13 variabel"), ("Lichte stand", "DIN 4"), ("Schakeltijd", "0,1 ms"),
          ("Norm", "EN 379"), ("Voeding", "zonnecellen en batterij"))),
    Item("WLD-6020", WLD, "ppe", "119.00", 12, "CEPRO International BV", 10, STOCK,
         ("Lasgordijn rood, 1,8 × 1,4 m", "Rideau de soudage rouge, 1,8 × 1,4 m", "Red welding curtain, 1.8 × 1.4 m"),
         ("Transparant lasgordijn dat collega's beschermt tegen UV-straling en spatten.", "",
          "Transparent welding curtain that protects colleagues against UV radiation and spatter."),
         ("Afscherming van lasplaatsen in gedeelde werkplaatsen.", "",
          "Screening welding bays in shared workshops."),
         (("Afmetingen", "1,8 × 1,4 m"), ("Kleur", "rood, transparant"), ("Norm", "EN ISO 25980"),
          ("Brandvertragend", "ja")), missing=("description_fr", "applications_fr", "usage_fr")),
    # --- Safety equipment (PPE) ----------------------------------------------------------------------------------
    Item("PPE-1010", PPE, "ppe", "89.00", 12, "Emma Safety Footwear B.V.", 5, STOCK,
         ("Veiligheidsschoen S3, laag", "Chaussure de sécurité S3, basse", "Safety shoe S3, low"),
         ("Lichte veiligheidsschoen met composiet neus en antiperforatiezool, metaalvrij.",
          "Chaussure de sécurité légère avec embout composite et semelle anti-perforation, sans métal.",
          "Light safety shoe with composite toe cap and anti-perforation sole, metal-free."),
         ("Bouw, logistiek en industrie.", "Construction, logistique et industrie.",
          "Construction, logistics and industry."),
         (("Beschermingsklasse", "S3 SRC"), ("Neus", "composiet"), ("Maten", "38–47"),
          ("Norm", "EN ISO 20345"))),
    Item("PPE-1020", PPE, "ppe", "109.00", 12, "Dunlop Protective Footwear B.V.", 10, TO_ORDER,
         ("Veiligheidslaars S5, gevoerd", "Botte de sécurité S5, fourrée", "Safety boot S5, lined"),
         ("Gevoerde laars in Purofort, koude-isolerend tot -20 °C, met stalen neus en zool.",
          "Botte fourrée en Purofort, isolante jusqu'à -20 °C, embout et semelle en acier.",
          "Lined Purofort boot, insulated down to -20 °C, with steel toe cap and midsole."),
         ("Werven in de winter, koelhuizen en natte omgevingen.",
          "Chantiers en hiver, entrepôts frigorifiques et milieux humides.",
          "Winter building sites, cold stores and wet environments."),
         (("Beschermingsklasse", "S5 CI SRC"), ("Materiaal", "Purofort"), ("Maten", "37–48"),
          ("Koude-isolatie", "tot -20 °C"))),
    Item("PPE-2010", PPE, "ppe", "49.50", 12, "uvex safety group GmbH & Co. KG", 4, STOCK,
         ("Veiligheidsbril helder (doos 10)", "Lunettes de sécurité incolores (boîte de 10)",
          "Clear safety glasses (box of 10)"),
         ("Lichte veiligheidsbril met krasvaste en anti-condens coating.",
          "Lunettes légères avec traitement anti-rayures et antibuée.",
          "Light safety glasses with scratch-resistant, anti-fog coating."),
         ("Slijpen, boren, werkplaats en labo.", "Meulage, perçage, atelier et laboratoire.",
          "Grinding, drilling, workshop and lab."),
         (("Norm", "EN 166 / EN 170"), ("Lens", "polycarbonaat, helder"), ("Coating", "krasvast en anti-condens"),
          ("Inhoud", "10 stuks")), unit=BOX),
    Item("PPE-2020", PPE, "ppe", "29.90", 12, "3M Belgium BV", 4, STOCK,
         ("Gehoorkap SNR 30 dB", "Casque antibruit SNR 30 dB", "Ear defenders SNR 30 dB"),
         ("Lichte gehoorkap met zachte kussens en verstelbare hoofdband.",
          "Casque léger à coussinets souples et serre-tête réglable.",
          "Light ear defenders with soft cushions and adjustable headband."),
         ("Werken met slijpers, breekhamers en compressoren.",
          "Travail avec meuleuses, marteaux-piqueurs et compresseurs.",
          "Working with grinders, breakers and compressors."),
         (("Demping", "SNR 30 dB"), ("Norm", "EN 352-1"), ("Gewicht", "230 g"))),
    Item("PPE-2030", PPE, "ppe", "119.00", None, "Moldex-Metric AG & Co. KG", 6, INCOMING,
         ("Oordopjesdispenser met 500 paar", "Distributeur de bouchons d'oreilles, 500 paires",
          "Earplug dispenser with 500 pairs"),
         ("Wanddispenser met 500 paar schuimoordopjes.", "Distributeur mural avec 500 paires de bouchons en mousse.",
          "Wall dispenser with 500 pairs of foam earplugs."),
         ("Ingang van lawaaierige werkplaatsen.", "Entrée des ateliers bruyants.", "Entrance to noisy workshops."),
         unit=BOX, **BARE),
    Item("PPE-3010", PPE, "ppe", "34.80", 12, "Ansell Healthcare Europe NV", 4, STOCK,
         ("Nitril werkhandschoenen (12 paar)", "Gants de travail nitrile (12 paires)",
          "Nitrile work gloves (12 pairs)"),
         ("Nylon handschoen met nitrilcoating: goede grip, ook op vettige onderdelen.",
          "Gant en nylon enduit nitrile : bonne préhension, même sur pièces grasses.",
          "Nylon glove with nitrile coating: good grip, also on oily parts."),
         ("Montage, logistiek, onderhoud en keuken-technische diensten.",
          "Montage, logistique, maintenance et services techniques.",
          "Assembly, logistics, maintenance and technical services."),
         (("Norm", "EN 388 4121X"), ("Materiaal", "nylon met nitrilcoating"), ("Maten", "7–11"),
          ("Inhoud", "12 paar")), unit=BOX),
    Item("PPE-3020", PPE, "ppe", "79.00", 12, "Ansell Healthcare Europe NV", 4, RESERVED,
         ("Snijbestendige handschoenen niveau C (12 paar)", "Gants anti-coupure niveau C (12 paires)",
          "Cut-resistant gloves level C (12 pairs)"),
         ("Snijbestendige handschoen met polyurethaancoating voor fijne handelingen.",
          "Gant anti-coupure enduit polyuréthane pour les manipulations fines.",
          "Cut-resistant glove with polyurethane coating for fine handling."),
         ("Plaatbewerking, glas en metaalschroot.", "Tôlerie, verre et ferraille.",
          "Sheet metal, glass and scrap handling."),
         (("Norm", "EN 388 4X43C"), ("Snijbestendigheid", "niveau C (ISO 13997)"), ("Maten", "7–11"),
          ("Inhoud", "12 paar")), unit=BOX),
    Item("PPE-4010", PPE, "fall", "149.00", 24, "Kratos Safety", 8, STOCK,
         ("Valbeveiligingsharnas, 2 ankerpunten", "Harnais antichute, 2 points d'ancrage",
          "Fall arrest harness, 2 attachment points"),
         ("Harnas met rug- en borstankerpunt, snelsluitingen en verstelbare beenlussen.",
          "Harnais avec points d'accrochage dorsal et sternal, boucles rapides et cuissardes réglables.",
          "Harness with back and chest attachment points, quick buckles and adjustable leg straps."),
         ("Werken op hoogte: daken, hoogwerkers en stellingen.",
          "Travail en hauteur : toitures, nacelles et échafaudages.",
          "Work at height: roofs, aerial platforms and scaffolding."),
         (("Norm", "EN 361"), ("Ankerpunten", "rug en borst"), ("Max. gebruikersgewicht", "140 kg"),
          ("Maten", "M–XL")), documents=("nl", "fr", "ce")),
    Item("PPE-4020", PPE, "fall", "89.00", 24, "Kratos Safety", 8, INCOMING,
         ("Vanglijn met schokdemper, 2 m", "Longe avec absorbeur d'énergie, 2 m", "Lanyard with energy absorber, 2 m"),
         ("Vanglijn met geïntegreerde schokdemper en twee stalen karabiners.",
          "Longe avec absorbeur intégré et deux mousquetons en acier.",
          "Lanyard with integrated energy absorber and two steel karabiners."),
         ("Bij het harnas, voor werken op hoogte.", "Avec le harnais, pour le travail en hauteur.",
          "With the harness, for work at height."),
         (("Norm", "EN 355"), ("Lengte", "2 m"), ("Karabiners", "2 × staal, opening 60 mm"))),
    Item("PPE-5010", PPE, "ppe", "39.00", 12, "Moldex-Metric AG & Co. KG", 5, STOCK,
         ("Stofmasker FFP2 met ventiel (doos 20)", "Masque FFP2 avec soupape (boîte de 20)",
          "FFP2 mask with valve (box of 20)"),
         ("Herbruikbaar stofmasker voor één ploeg, met uitademventiel.",
          "Masque réutilisable pendant un poste, avec soupape d'expiration.",
          "Mask reusable for one shift, with exhalation valve."),
         ("Slijpen, schuren en boren in beton (kwartsstof).", "Meulage, ponçage et perçage du béton (silice).",
          "Grinding, sanding and drilling concrete (silica)."),
         (("Beschermingsklasse", "FFP2 NR D"), ("Norm", "EN 149"), ("Uitademventiel", "ja"),
          ("Inhoud", "20 stuks")), unit=BOX),
    Item("PPE-5020", PPE, "ppe", "69.00", 12, "Dräger Safety AG & Co. KGaA", 7, STOCK,
         ("Halfgelaatsmasker met A2P3-filters", "Demi-masque avec filtres A2P3", ""),
         ("Halfgelaatsmasker in silicone met twee combinatiefilters tegen organische dampen en stof.",
          "Demi-masque en silicone avec deux filtres combinés contre vapeurs organiques et poussières.", ""),
         ("Spuitwerk, lijmen en werken met solventen.", "Peinture au pistolet, collage et solvants.", ""),
         (("Norm", "EN 140 / EN 14387"), ("Filter", "A2P3 (2 stuks)"), ("Maat", "M/L")), missing=("en",)),
    Item("PPE-6010", PPE, "ppe", "79.00", 12, "Sioen Industries NV", 6, RESERVED,
         ("Fluo-werkjas klasse 3", "Veste haute visibilité classe 3", "High-visibility jacket class 3"),
         ("Waterdichte fluojas met reflecterende banden, afneembare kap en veel zakken.",
          "Veste fluo imperméable à bandes réfléchissantes, capuche amovible et nombreuses poches.",
          "Waterproof high-vis jacket with reflective tape, detachable hood and many pockets."),
         ("Werken langs de weg, op werven en in de logistiek.", "Travaux routiers, chantiers et logistique.",
          "Roadside work, building sites and logistics."),
         (("Norm", "EN ISO 20471 klasse 3"), ("Waterdicht", "EN 343 klasse 3/1"), ("Kleur", "fluogeel/marine"),
          ("Maten", "S–3XL"))),
    Item("PPE-6020", PPE, "ppe", "24.50", 12, "uvex safety group GmbH & Co. KG", 4, STOCK,
         ("Veiligheidshelm met kinband", "Casque de sécurité avec jugulaire", "Safety helmet with chin strap"),
         ("Geventileerde helm met draaiknop-hoofdband en vierpuntskinband.",
          "Casque ventilé avec serrage à molette et jugulaire quatre points.",
          "Ventilated helmet with ratchet headband and four-point chin strap."),
         ("Bouw, industrie en werken op hoogte.", "Construction, industrie et travail en hauteur.",
          "Construction, industry and work at height."),
         (("Norm", "EN 397"), ("Ventilatie", "ja"), ("Kinband", "4-punts"),
          ("Elektrische isolatie", "440 V a.c."))),
    # --- Lighting ------------------------------------------------------------------------------------------------
    Item("LGT-1010", LGT, "light", "89.00", 24, "Hugo Brennenstuhl GmbH & Co. KG", 5, STOCK,
         ("LED-bouwlamp 50 W, IP65", "Projecteur de chantier LED 50 W, IP65", "LED site light 50 W, IP65"),
         ("Robuuste LED-bouwlamp met draagbeugel en 5 m rubberkabel.",
          "Projecteur de chantier robuste avec poignée et 5 m de câble caoutchouc.",
          "Sturdy LED site light with carrying handle and 5 m rubber cable."),
         ("Werven, werkplaatsen en evenementen.", "Chantiers, ateliers et événements.",
          "Building sites, workshops and events."),
         (("Vermogen", "50 W"), ("Lichtstroom", "5.000 lm"), ("Beschermingsklasse", "IP65"), ("Spanning", "230 V"),
          ("Kabel", "5 m H07RN-F"))),
    Item("LGT-1020", LGT, "light", "119.00", 24, "Hugo Brennenstuhl GmbH & Co. KG", 5, RESERVED,
         ("Oplaadbare LED-werklamp 20 W", "Lampe de travail LED rechargeable 20 W", "Rechargeable LED work light 20 W"),
         ("Snoerloze werklamp met USB-C-laden en drie lichtstanden.",
          "Lampe sans fil avec recharge USB-C et trois niveaux d'éclairage.",
          "Cordless work light with USB-C charging and three light levels."),
         ("Onderhoud, interventies zonder stroom, noodverlichting bij storing.",
          "Entretien, interventions sans courant, éclairage de secours en cas de panne.",
          "Maintenance, jobs without power, back-up light during outages."),
         (("Vermogen", "20 W"), ("Lichtstroom", "2.000 lm"), ("Brandduur", "tot 4 u"),
          ("Beschermingsklasse", "IP54"), ("Laadtijd", "4 u (USB-C)"))),
    Item("LGT-1030", LGT, "light", "189.00", 24, "Hugo Brennenstuhl GmbH & Co. KG", 5, INCOMING,
         ("LED-statieflamp 2 × 50 W", "Projecteur LED sur trépied 2 × 50 W", "LED tripod light 2 × 50 W"),
         ("Twee draaibare LED-lampen op een uitschuifbaar statief tot 1,8 m.",
          "Deux projecteurs LED orientables sur trépied télescopique jusqu'à 1,8 m.",
          "Two swivelling LED lights on a telescopic tripod up to 1.8 m."),
         ("Grote werkzones, binnenafwerking en nachtwerk.", "Grandes zones de travail, finitions et travail de nuit.",
          "Large work areas, interior finishing and night work."),
         (("Vermogen", "2 × 50 W"), ("Lichtstroom", "10.000 lm"), ("Statiefhoogte", "0,9–1,8 m"),
          ("Beschermingsklasse", "IP65"))),
    Item("LGT-2010", LGT, "light", "219.00", 36, "ETAP NV", 12, STOCK,
         ("LED-hallarmatuur high bay 150 W", "Luminaire LED high bay 150 W", "LED high bay luminaire 150 W"),
         ("Hallarmatuur met hoog rendement voor grote hoogtes, vervangt 400 W-halogeenmetaaldamp.",
          "Luminaire à haut rendement pour grandes hauteurs, remplace l'iodure métallique 400 W.",
          "High-efficiency luminaire for high ceilings, replaces 400 W metal halide."),
         ("Magazijnen, productiehallen en sporthallen.", "Entrepôts, halls de production et salles de sport.",
          "Warehouses, production halls and sports halls."),
         (("Vermogen", "150 W"), ("Lichtstroom", "21.000 lm"), ("Kleurtemperatuur", "4.000 K"),
          ("Beschermingsklasse", "IP65"), ("Montagehoogte", "6–12 m")), documents=("nl", "fr", "en")),
    Item("LGT-2020", LGT, "light", "139.00", 36, "ETAP NV", 12, STOCK,
         ("LED-lichtlijn 1,5 m, 50 W", "Ligne lumineuse LED 1,5 m, 50 W", "LED trunking light 1.5 m, 50 W"),
         ("Doorkoppelbare lichtlijn voor snelle montage, met kliksysteem.",
          "Ligne lumineuse raccordable à montage rapide par clipsage.",
          "Linkable trunking light with click-in mounting."),
         ("Werkplaatsen, winkels, grootkeukens en bergingen.",
          "Ateliers, commerces, cuisines professionnelles et réserves.",
          "Workshops, shops, commercial kitchens and storerooms."),
         (("Vermogen", "50 W"), ("Lichtstroom", "6.500 lm"), ("Lengte", "1.500 mm"), ("Kleurtemperatuur", "4.000 K"),
          ("Beschermingsklasse", "IP20"))),
    Item("LGT-2030", LGT, "light", "129.00", 24, "LEDVANCE GmbH", 14, TO_ORDER,
         ("LED-schijnwerper 100 W", "Projecteur LED 100 W", "LED floodlight 100 W"),
         ("Vaste LED-schijnwerper in aluminium voor gevel- en terreinverlichting.",
          "Projecteur LED fixe en aluminium pour l'éclairage de façades et de terrains.",
          "Fixed aluminium LED floodlight for façade and yard lighting."),
         ("Parkings, laadkaaien en buitenterreinen.", "Parkings, quais de chargement et terrains extérieurs.",
          "Car parks, loading bays and outdoor areas."),
         (("Vermogen", "100 W"), ("Lichtstroom", "11.000 lm"), ("Beschermingsklasse", "IP65"),
          ("Kleurtemperatuur", "4.000 K"))),
    Item("LGT-3010", LGT, "light", "99.00", 36, "ETAP NV", 10, STOCK,
         ("LED-noodverlichtingsarmatuur, 1 u autonomie", "Bloc d'éclairage de secours LED, 1 h d'autonomie",
          "LED emergency luminaire, 1 h autonomy"),
         ("Noodverlichtingsarmatuur met automatische zelftest, opbouw of inbouw.",
          "Bloc de secours avec autotest automatique, en saillie ou encastré.",
          "Emergency luminaire with automatic self-test, surface or recessed."),
         ("Vluchtwegen in kantoren, scholen, horeca en zorginstellingen.",
          "Chemins d'évacuation dans les bureaux, écoles, horeca et institutions de soins.",
          "Escape routes in offices, schools, restaurants and care homes."),
         (("Autonomie", "1 u"), ("Lichtstroom noodbedrijf", "200 lm"), ("Norm", "EN 60598-2-22"),
          ("Beschermingsklasse", "IP42"), ("Zelftest", "ja"))),
    Item("LGT-3020", LGT, "light", "12.50", None, "ETAP NV", 10, STOCK,
         ("Pictogram nooduitgang", "Pictogramme sortie de secours", "Emergency exit pictogram"),
         ("Zelfklevend pictogram voor de noodverlichtingsarmatuur.",
          "Pictogramme autocollant pour le bloc de secours.", "Self-adhesive pictogram for the emergency luminaire."),
         ("Aanduiding van vluchtwegen.", "Signalisation des chemins d'évacuation.", "Marking escape routes."),
         **BARE),
    Item("LGT-4010", LGT, "light", "89.00", 24, "Signify Belgium NV", 6, STOCK,
         ("LED-TL-buis T8 150 cm (doos 10)", "Tube LED T8 150 cm (boîte de 10)", "LED tube T8 150 cm (box of 10)"),
         ("LED-buis die een 58 W-fluorescentiebuis vervangt in bestaande armaturen.",
          "Tube LED remplaçant un tube fluorescent 58 W dans les luminaires existants.",
          "LED tube replacing a 58 W fluorescent tube in existing fittings."),
         ("Renovatie van werkplaatsen, garages, kantoren en keukens.",
          "Rénovation d'ateliers, garages, bureaux et cuisines.",
          "Refurbishing workshops, garages, offices and kitchens."),
         (("Vermogen", "20 W (vervangt 58 W)"), ("Lichtstroom", "2.500 lm"), ("Lengte", "1.500 mm"),
          ("Kleurtemperatuur", "4.000 K"), ("Inhoud", "10 stuks")), unit=BOX),
    Item("LGT-4020", LGT, "light", "39.90", 24, "Ledlenser GmbH & Co. KG", 6, STOCK,
         ("Oplaadbare LED-hoofdlamp", "", "Rechargeable LED head torch"),
         ("Lichte hoofdlamp met focusfunctie en magnetische laadkabel.", "",
          "Light head torch with focus function and magnetic charging cable."),
         ("Interventies in technische ruimtes, kruipkelders en daken.", "",
          "Jobs in plant rooms, crawl spaces and roofs."),
         (("Lichtstroom", "400 lm"), ("Brandduur", "4–20 u"), ("Beschermingsklasse", "IP54"), ("Gewicht", "110 g")),
         missing=("fr",)),
    # --- Services (by the hour, no stock) --------------------------------------------------------------------
    Item("SRV-1000", SRV, "service", "68.00", 12, "", None, SERVICE,
         ("Installatie persluchtnet", "Installation de réseau d'air comprimé", "Compressed air network installation"),
         ("Aanleg van persluchtleidingen in aluminium, met aftappunten, afsluiters en drukproef.",
          "Pose de conduites d'air en aluminium, avec prises, vannes et essai de pression.",
          "Laying aluminium air lines, with outlets, valves and pressure test."),
         ("Nieuwe werkplaatsen en uitbreidingen.", "Nouveaux ateliers et extensions.", "New workshops and extensions."),
         (("Tarief", "per uur, per begonnen halfuur"), ("Verplaatsing", "forfait 45,00 € per bezoek"),
          ("Technici", "VCA-gecertificeerd")), unit=HOUR, documents=()),
    Item("SRV-1010", SRV, "service", "65.00", 12, "", None, SERVICE,
         ("Onderhoudsbeurt compressor", "Entretien de compresseur", "Compressor service"),
         ("Periodiek onderhoud: olie, luchtfilter, oliefilter, riemen en veiligheidsklep gecontroleerd.",
          "Entretien périodique : huile, filtres à air et à huile, courroies et soupape de sécurité.",
          "Periodic service: oil, air and oil filters, belts and safety valve checked."),
         ("Alle merken zuiger- en schroefcompressoren.", "Toutes marques de compresseurs à piston et à vis.",
          "Piston and screw compressors of every make."),
         (("Tarief", "per uur, minimum 1 uur"), ("Onderdelen", "apart gefactureerd"),
          ("Verplaatsing", "forfait 45,00 € per bezoek")), unit=HOUR, documents=()),
    Item("SRV-1020", SRV, "service", "58.00", 12, "", None, SERVICE,
         ("Herstelling elektrisch gereedschap", "Réparation d'outillage électrique", "Power tool repair"),
         ("Herstelling in onze werkplaats in Gent, met gratis bestek bij herstelling.",
          "Réparation dans notre atelier de Gand, devis gratuit en cas de réparation.",
          "Repair in our Ghent workshop, free estimate when repaired."),
         ("Elektrisch en accugereedschap van de merken die wij verdelen.",
          "Outillage électrique et sans fil des marques que nous distribuons.",
          "Corded and cordless tools of the brands we sell."),
         (("Tarief", "per uur"), ("Bestek", "gratis bij herstelling"), ("Doorlooptijd", "5–10 werkdagen")),
         unit=HOUR, documents=()),
    Item("SRV-2000", SRV, "service", "85.00", 12, "", None, SERVICE,
         ("Opleiding veilig lassen MIG/MAG", "Formation soudage MIG/MAG en sécurité", "MIG/MAG safe welding training"),
         ("Praktijkopleiding: instellingen, lasposities, beschermingsmiddelen en brandpreventie.",
          "Formation pratique : réglages, positions, équipements de protection et prévention incendie.",
          "Hands-on training: settings, positions, protective equipment and fire prevention."),
         ("Nieuwe medewerkers en leerlingen in werkplaatsen.", "Nouveaux collaborateurs et apprentis en atelier.",
          "New staff and apprentices in workshops."),
         (("Groep", "max. 6 deelnemers"), ("Locatie", "bij de klant of in Gent"), ("Attest", "ja"),
          ("Taal", "Nederlands of Frans")), unit=HOUR, documents=()),
    Item("SRV-2010", SRV, "service", "90.00", 12, "", None, SERVICE,
         ("Opleiding en keuring valbeveiliging", "Formation et contrôle antichute",
          "Fall protection training and inspection"),
         ("Opleiding werken op hoogte en jaarlijkse keuring van harnassen en vanglijnen.",
          "Formation au travail en hauteur et contrôle annuel des harnais et longes.",
          "Work-at-height training and yearly inspection of harnesses and lanyards."),
         ("Bouw, dakwerkers en onderhoudsdiensten.", "Construction, couvreurs et services d'entretien.",
          "Construction, roofers and maintenance teams."),
         (("Norm", "EN 365 (jaarlijkse controle)"), ("Groep", "max. 8 deelnemers"), ("Attest", "ja")),
         unit=HOUR, documents=()),
    Item("SRV-3000", SRV, "service", "62.00", 12, "", None, SERVICE,
         ("Installatie LED-verlichting", "Installation d'éclairage LED", "LED lighting installation"),
         ("Montage en aansluiting van armaturen en noodverlichting door onze elektriciens.",
          "Montage et raccordement de luminaires et d'éclairage de secours par nos électriciens.",
          "Mounting and wiring luminaires and emergency lighting by our electricians."),
         ("Werkplaatsen, magazijnen, horeca en kantoren.", "Ateliers, entrepôts, horeca et bureaux.",
          "Workshops, warehouses, restaurants and offices."),
         (("Tarief", "per uur"), ("Keuring AREI", "via erkend organisme, apart"),
          ("Verplaatsing", "forfait 45,00 € per bezoek")), unit=HOUR, documents=()),
    Item("SRV-3010", SRV, "service", "75.00", 12, "", None, SERVICE,
         ("Lichtstudie", "Étude d'éclairage", ""),
         ("Lichtberekening met luxwaarden per zone en een voorstel van armaturen.",
          "Calcul d'éclairage avec valeurs de lux par zone et proposition de luminaires.", ""),
         ("Renovatie en nieuwbouw van werkplaatsen en hallen.", "Rénovation et construction d'ateliers et de halls.",
          ""),
         (("Software", "DIALux evo"), ("Oplevering", "rapport in pdf met luxwaarden"),
          ("Doorlooptijd", "5 werkdagen")), unit=HOUR, missing=("en",), documents=()),
]

# An in-stock alternative for what is out of stock (where one makes sense), and a few more.
SUBSTITUTES = {
    "CMP-2450": ("CMP-2400",), "CMP-3100": ("CMP-3050",), "CMP-2400": ("CMP-2450",),
    "PWT-1830": ("PWT-2125",), "PWT-1840": ("PWT-2210",), "PWT-2310": ("PWT-2315",), "PWT-2315": ("PWT-2310",),
    "WLD-3150": ("WLD-2000",), "WLD-1800": ("WLD-1600",),
    "PPE-1020": ("PPE-1010",), "PPE-2030": ("PPE-2020",),
    "LGT-1030": ("LGT-1010",), "LGT-2030": ("LGT-1010",),
}
ACCESSORIES = {
    "CMP-2400": ("CMP-5010", "CMP-5100", "CMP-7010"),
    "CMP-2410": ("CMP-5010", "CMP-5020", "CMP-5100", "CMP-7010"),
    "CMP-2450": ("CMP-5010", "CMP-5100"),
    "CMP-3050": ("CMP-5030", "CMP-5020", "CMP-7010", "SRV-1000", "SRV-1010"),
    "CMP-3100": ("CMP-5030", "CMP-5020", "CMP-7010", "SRV-1000", "SRV-1010"),
    "CMP-6010": ("CMP-5010", "CMP-5100"),
    "CMP-6020": ("CMP-7010", "PPE-5020"),
    "PWT-1810": ("PWT-1890", "PWT-1895"),
    "PWT-1820": ("PWT-1890", "PWT-1895"),
    "PWT-1830": ("PWT-1890", "PWT-1895", "PWT-2910", "PPE-2010"),
    "PWT-1840": ("PWT-1890", "PWT-1895"),
    "PWT-2125": ("PWT-2910", "PPE-2010", "PPE-2020"),
    "PWT-2310": ("PWT-2410", "PPE-5010"),
    "PWT-2315": ("PWT-2410", "PPE-5010"),
    "PWT-2320": ("PWT-2410", "PPE-5010", "PPE-2020"),
    "WLD-2000": ("WLD-5010", "WLD-5030", "WLD-5040", "WLD-6010"),
    "WLD-3150": ("WLD-5010", "WLD-5030", "WLD-6010", "WLD-6020"),
    "WLD-1600": ("WLD-5030", "WLD-6010"),
    "WLD-1800": ("WLD-5020", "WLD-6010"),
    "WLD-4000": ("PPE-2010", "PPE-3020"),
    "PPE-4010": ("PPE-4020", "PPE-6020", "SRV-2010"),
    "LGT-2010": ("SRV-3000", "SRV-3010"),
    "LGT-2020": ("SRV-3000",),
    "LGT-3010": ("LGT-3020", "SRV-3000"),
}
# Lower list prices from a quantity on: SKU, [(from quantity, unit price)].
QUANTITY_BREAKS = {
    "CMP-5010": [(10, "36.50"), (25, "34.90")],
    "CMP-5030": [(50, "3.10"), (100, "2.90")],
    "WLD-5010": [(60, "3.95"), (150, "3.75")],
    "PPE-3010": [(10, "32.50"), (50, "30.90")],
    "PPE-5010": [(10, "36.50")],
    "LGT-3010": [(10, "94.00"), (25, "89.00")],
    "LGT-4010": [(5, "84.00")],
}
# Colleagues' Q&A: SKU, question, answer, author.
PRODUCT_NOTES = [
    ("CMP-2400", "Hoe leg ik de installatie uit?",
     "Vlak zetten, 30 cm van de muur, op een eigen geaard stopcontact van 16 A: geen verlengkabel, anders valt "
     "hij uit bij het starten. De olie zit in een apart flesje in de doos: eerst bijvullen tot het midden van het "
     "kijkglas. Aftapkraan onder de tank wekelijks openen.", "assistant"),
    ("CMP-2410", "Kan de klant die op 230 V aansluiten?",
     "Nee: 400 V driefasig met een CEE-stekker 16 A (5-polig). Heeft de klant enkel 230 V, stel dan de CMP-2400 "
     "voor, of de stille CMP-2450 als hij binnen staat.", "manager"),
    ("WLD-2000", "Welk gas heeft de klant nodig voor staal?",
     "Menggas argon/CO2 (82/18) geeft het mooiste resultaat; zuiver CO2 kan ook maar spat meer. Wij leveren geen "
     "gasflessen (klant huurt bij Air Liquide of Linde), wel de drukregelaar WLD-5030.", "assistant"),
    ("PWT-1810", "Passen de accu's van het vorige model nog?",
     "Ja, alle 18 V-accu's van hetzelfde systeem passen, ook oudere. Enkel de 12 V-accu's niet.", "assistant"),
    ("PPE-4010", "Moet het harnas jaarlijks gekeurd worden?",
     "Ja, EN 365 vraagt een jaarlijkse controle door een bevoegd persoon. Wij doen dat (SRV-2010), ook voor "
     "harnassen van andere merken; noteer het serienummer op de werkbon.", "manager"),
    ("LGT-3010", "Faut-il un électricien pour l'installation ?",
     "Oui : raccordement fixe sur le circuit d'éclairage, à faire par un électricien, puis contrôle RGIE. Nous "
     "pouvons proposer l'installation (SRV-3000).", "assistante"),
    ("SRV-1010", "Wat zit er in een onderhoudsbeurt?",
     "Olie, luchtfilter en oliefilter vervangen, riemspanning, veiligheidsklep en lekken controleren. Onderdelen "
     "worden apart gefactureerd; reken op 1 à 1,5 uur voor een zuigercompressor.", "assistant"),
]
# Competitors seen in the market: SKU, competitor, their product, price, days ago, customer, notes, author.
MARKET_NOTES = [
    ("CMP-2400", "Toolnation.be", "Stanley 50 l, 2 pk", "329.00", 12, KEY_ACCOUNT,
     "Werfleider vergeleek met onze CMP-2400: hun toestel is kleiner (1,5 kW) en heeft geen gietijzeren cilinder.",
     "assistant"),
    ("WLD-2000", "Lascentrale Antwerpen", "Telwin Technomig 215", "1095.00", 26, "Construction Dumont",
     "Prix annoncé hors TVA, sans torche de rechange ; délai 3 semaines.", "assistante"),
    ("PPE-3010", "SafeWork Distributie", "Nitrilhandschoen 12 paar", "29.50", 40, None,
     "Gezien in hun voorjaarsfolder, enkel vanaf 10 dozen.", "manager"),
]
# The Horeca group list: SKU, discount on the list price (%).
HORECA_DISCOUNTS = [
    ("LGT-1020", "8"), ("LGT-2020", "10"), ("LGT-3010", "12"), ("LGT-4010", "15"), ("PPE-1010", "8"),
    ("PPE-2010", "10"), ("PPE-3010", "10"), ("CMP-2450", "10"), ("SRV-1010", "5"), ("SRV-3000", "5"),
]
# The key account's contract: SKU, from quantity, discount (%) the fixed price is worked out from.
KEY_ACCOUNT_PRICES = [
    ("CMP-2410", 1, 12), ("CMP-5010", 1, 10), ("PWT-1810", 1, 15), ("PWT-1890", 1, 12), ("PWT-2320", 1, 12),
    ("PWT-2410", 1, 10), ("PPE-1010", 1, 10), ("PPE-3010", 1, 15), ("PPE-3010", 20, 20), ("PPE-6010", 1, 12),
    ("LGT-1010", 1, 10), ("SRV-1010", 1, 8),
]
# Discount limits per role: role, max discount (%), min margin (%).
DISCOUNT_LIMITS = [(ASSISTANT, "10", "15"), (MANAGER, "25", "10"), (ACCOUNTING, "0", "0")]
# fmt: on


@dataclass(frozen=True)
class ProductPlan:
    item: Item
    cost_price: Decimal
    on_hand: Decimal
    reserved: Decimal
    incoming: tuple[tuple[int, Decimal], ...]  # (days from today, quantity)


def _stock_range(item: Item) -> tuple[int, int]:
    price = Decimal(item.price)
    if item.unit in (METRE, KG):
        return 100, 450
    if price < 60:
        return 20, 120
    if price < 250:
        return 6, 40
    if price < 1000:
        return 2, 12
    return 1, 4


def catalog_plan() -> list[ProductPlan]:
    """The whole catalog's numbers, drawn from the fixed seed: the same on every run, whatever is in the database."""
    rng = random.Random(SEED)
    plans = []
    for item in PRODUCTS:
        margin = rng.randint(20, 45)
        cost = quantize(Decimal(item.price) * (100 - margin) / 100)
        on_hand = reserved = 0
        incoming: tuple[tuple[int, Decimal], ...] = ()
        if item.stock in (STOCK, RESERVED, INCOMING):
            low, high = _stock_range(item)
            if item.stock == STOCK:
                on_hand = rng.randint(low, high)
            elif item.stock == RESERVED:
                on_hand = max(rng.randint(low, high), 3)
                reserved = rng.randint(1, on_hand - 1)
                incoming = ((rng.randint(2, 20), Decimal(rng.randint(low, high))),)  # replenishment on its way
            else:
                incoming = ((rng.randint(2, 20), Decimal(max(rng.randint(low, high), 2))),)
        plans.append(ProductPlan(item, cost, Decimal(on_hand), Decimal(reserved), incoming))
    return plans


# --- a datasheet as a small, valid PDF ----------------------------------------------------------------------


def _pdf_text(value: str) -> bytes:
    escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def tiny_pdf(title: str, lines: Iterable[str]) -> bytes:
    """A one-page PDF with a title and lines of text (Helvetica, WinAnsi): enough for a viewer and a mail."""
    content = [b"BT /F1 16 Tf 56 780 Td 20 TL (" + _pdf_text(title) + b") Tj /F1 10 Tf 14 TL T*"]
    content += [b"T* (" + _pdf_text(line) + b") Tj" for line in lines]
    content.append(b"ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return pdf


DOCUMENT_TITLES = {
    "nl": ("Technische fiche", "Leverancier", "Garantie", "maanden"),
    "fr": ("Fiche technique", "Fournisseur", "Garantie", "mois"),
    "en": ("Datasheet", "Supplier", "Warranty", "months"),
}


def _documents(item: Item) -> list[tuple[str, str, str, bytes]]:
    """(title, language, file name, PDF) for each document of the item."""
    documents = []
    specs = [f"{key}: {value}" for key, value in item.specs]
    for language in item.documents:
        if language == "ce":
            title = f"EU-conformiteitsverklaring / Déclaration UE de conformité {item.sku}"
            lines = [OUR_NAME, item.supplier, item.name[0], "CE", "2006/42/EG - 2014/35/EU - 2014/30/EU"]
            documents.append((title, "", f"{item.sku.lower()}-ce.pdf", tiny_pdf(title, lines)))
            continue
        heading, supplier, warranty, months = DOCUMENT_TITLES[language]
        name = item.text("name", language) or item.name[0]
        title = f"{heading} {name}"
        lines = [OUR_NAME, item.sku, *specs, f"{supplier}: {item.supplier}", f"{warranty}: {item.warranty} {months}"]
        documents.append((title, language, f"{item.sku.lower()}-{language}.pdf", tiny_pdf(title, lines)))
    return documents


# --- writing it ---------------------------------------------------------------------------------------------


def _categories() -> dict[str, Category]:
    categories = {}
    for key, (nl, fr, en) in CATEGORIES.items():
        categories[key] = Category.objects.get_or_create(name_nl=nl, defaults={"name_fr": fr, "name_en": en})[0]
    return categories


def _create_product(plan: ProductPlan, category: Category, vat: VatCategory, manager: User, today) -> Product:
    item = plan.item
    texts = {
        f"{field}_{language}": item.text(field, language)
        for field in ("name", "description", "applications", "usage")
        for language in LANGUAGES
    }
    product = Product(
        sku=item.sku,
        category=category,
        is_service=item.stock == SERVICE,
        unit=item.unit,
        vat_category=vat,
        list_price=Decimal(item.price),
        cost_price=plan.cost_price,
        warranty_months=item.warranty,
        supplier=item.supplier,
        supplier_lead_days=item.lead_days,
        on_hand=plan.on_hand,
        reserved=plan.reserved,
        **texts,
    )
    product = product_save(product=product, actor=manager)
    ProductSpec.objects.bulk_create(
        ProductSpec(product=product, key=key, value=value, position=position)
        for position, (key, value) in enumerate(item.specs, start=1)
    )
    IncomingStock.objects.bulk_create(
        IncomingStock(product=product, quantity=quantity, expected_on=today + datetime.timedelta(days=days))
        for days, quantity in plan.incoming
    )
    QuantityBreak.objects.bulk_create(
        QuantityBreak(product=product, min_quantity=Decimal(quantity), unit_price=Decimal(price))
        for quantity, price in QUANTITY_BREAKS.get(item.sku, ())
    )
    for title, language, file_name, pdf in _documents(item):
        product_document_add(
            product=product, title=title, language=language, file=ContentFile(pdf, name=file_name), actor=manager
        )
    return product


def _price_lists(products: dict[str, Product], today: datetime.date) -> None:
    horeca, created = PriceList.objects.get_or_create(name=HORECA_LIST)
    if created:
        for sku, percent in HORECA_DISCOUNTS:
            if sku in products:
                _price_list_item(horeca, products[sku], discount_percent=Decimal(percent))
        Company.objects.filter(tags__name=HORECA, price_list__isnull=True).update(price_list=horeca)

    contract, created = PriceList.objects.get_or_create(
        name=KEY_ACCOUNT_LIST,
        defaults={"valid_from": datetime.date(today.year, 1, 1), "valid_until": datetime.date(today.year, 12, 31)},
    )
    if created:
        for sku, quantity, percent in KEY_ACCOUNT_PRICES:
            product = products.get(sku)
            if product is None or product.list_price is None:
                continue
            price = product.list_price * (100 - percent) / 100
            if product.cost_price is not None:
                price = max(price, product.cost_price * Decimal("1.15"))  # a contract price keeps a margin
            price = (price * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 10  # to the 10 cents
            _price_list_item(contract, product, min_quantity=Decimal(quantity), unit_price=quantize(price))
        Company.objects.filter(name=KEY_ACCOUNT, price_list__isnull=True).update(price_list=contract)


def _price_list_item(price_list: PriceList, product: Product, **values) -> None:
    item = PriceListItem(price_list=price_list, product=product, **values)
    item.full_clean()
    item.save()


def _promotions(categories: dict[str, Category], products: dict[str, Product], today: datetime.date) -> None:
    day = datetime.timedelta(days=1)
    promotions = [
        ("Winteractie verlichting", today - 10 * day, today + 25 * day, {"category": categories[LGT]},
         {"discount_percent": Decimal("10")}),
        ("Lenteactie MIG 200", today + 20 * day, today + 50 * day, {"product": products.get("WLD-2000")},
         {"unit_price": Decimal("1149.00")}),
    ]  # fmt: skip
    for name, starts_on, ends_on, target, price in promotions:
        if None in target.values() or Promotion.objects.filter(name=name).exists():
            continue
        promotion = Promotion(name=name, starts_on=starts_on, ends_on=ends_on, **target, **price)
        promotion.full_clean()
        promotion.save()


def _notes(created: dict[str, Product], people: dict[str, User], today: datetime.date) -> None:
    for sku, question, answer, author in PRODUCT_NOTES:
        if sku in created:
            product_note_add(product=created[sku], question=question, answer=answer, actor=people[author])
    companies = {c.name: c for c in Company.objects.filter(name__in=[n[5] for n in MARKET_NOTES if n[5]])}
    for sku, competitor, their_product, price, days_ago, company, notes, author in MARKET_NOTES:
        if sku not in created:
            continue
        note = MarketNote(
            product=created[sku],
            competitor=competitor,
            competitor_product=their_product,
            competitor_price=Decimal(price),
            observed_on=today - datetime.timedelta(days=days_ago),
            company=companies.get(company),
            notes=notes,
            author=people[author],
        )
        note.full_clean()
        note.save()


def seed_catalog(users: Iterable[User] | None = None) -> None:
    """Create the demo catalog that does not exist yet, with its stock, prices, promotions and knowledge."""
    people = demo_users(users)
    manager = people["manager"]
    today = timezone.localdate()
    categories = _categories()
    vat = VatCategory.objects.get(code="standard")
    skus = [item.sku for item in PRODUCTS]
    existing = set(Product.objects.filter(sku__in=skus).values_list("sku", flat=True))
    created = {
        plan.item.sku: _create_product(plan, categories[plan.item.category], vat, manager, today)
        for plan in catalog_plan()
        if plan.item.sku not in existing  # it exists (perhaps edited by a manager): leave it alone
    }
    products = Product.objects.in_bulk(skus, field_name="sku")
    for sku, product in created.items():
        substitutes = [products[s] for s in SUBSTITUTES.get(sku, ()) if s in products]
        accessories = [products[s] for s in ACCESSORIES.get(sku, ()) if s in products]
        if substitutes or accessories:
            product_save(product=product, actor=manager, substitutes=substitutes, accessories=accessories)
    _notes(created, people, today)
    _price_lists(products, today)
    _promotions(categories, products, today)
    roles = set(DiscountAuthority.objects.values_list("role", flat=True))
    for role, max_discount, min_margin in DISCOUNT_LIMITS:
        if role not in roles:
            discount_authority_set(
                role=role,
                max_discount_percent=Decimal(max_discount),
                min_margin_percent=Decimal(min_margin),
                actor=manager,
            )
