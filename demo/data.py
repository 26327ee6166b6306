"""Demo data for Klusmarkt: real Dutch government organisations and networks.

The organisations below are real and carry their official Dutch names, their
primary e-mail domain (the one used in staff addresses) and their website.
People created from this data are fictional.

This module is pure Python on purpose (no Django imports) so that it can be
used from a management command, a data migration or a test alike.
Run it directly to execute a small self-check:

    python3 demo/data.py
"""

from __future__ import annotations

# Allowed values, mirrored here so the self-check can validate the data.
KINDS = ("gemeente", "provincie", "waterschap", "rijk", "other")
PROVINCES = (
    "groningen",
    "friesland",
    "drenthe",
    "overijssel",
    "flevoland",
    "gelderland",
    "utrecht",
    "noord-holland",
    "zuid-holland",
    "zeeland",
    "noord-brabant",
    "limburg",
)


def _org(
    name: str,
    slug: str,
    kind: str,
    province: str,
    domains: list[str],
    website: str,
) -> dict:
    """Build one organisation record (keeps the tables below compact)."""
    return {
        "name": name,
        "slug": slug,
        "kind": kind,
        "province": province,
        "domains": domains,
        "website": website,
    }


_RIJK = "https://www.rijksoverheid.nl/ministeries/"

# ---------------------------------------------------------------------------
# Central government: the ministries of the current cabinet, alphabetical.
# Since July 2024 there are 14 (KGG split off from EZK, VRO from BZK).
# ---------------------------------------------------------------------------
MINISTRIES = [
    _org(
        "Ministerie van Algemene Zaken",
        "ministerie-az",
        "rijk",
        "",
        ["minaz.nl"],
        _RIJK + "ministerie-van-algemene-zaken",
    ),
    _org(
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        "ministerie-bzk",
        "rijk",
        "",
        ["minbzk.nl"],
        _RIJK + "ministerie-van-binnenlandse-zaken-en-koninkrijksrelaties",
    ),
    _org(
        "Ministerie van Buitenlandse Zaken",
        "ministerie-bz",
        "rijk",
        "",
        ["minbuza.nl"],
        _RIJK + "ministerie-van-buitenlandse-zaken",
    ),
    _org("Ministerie van Defensie", "ministerie-defensie", "rijk", "", ["mindef.nl"], "https://www.defensie.nl"),
    _org(
        "Ministerie van Economische Zaken",
        "ministerie-ez",
        "rijk",
        "",
        ["minezk.nl"],
        _RIJK + "ministerie-van-economische-zaken",
    ),
    _org(
        "Ministerie van Financiën",
        "ministerie-financien",
        "rijk",
        "",
        ["minfin.nl"],
        _RIJK + "ministerie-van-financien",
    ),
    _org(
        "Ministerie van Infrastructuur en Waterstaat",
        "ministerie-ienw",
        "rijk",
        "",
        ["minienw.nl"],
        _RIJK + "ministerie-van-infrastructuur-en-waterstaat",
    ),
    _org(
        "Ministerie van Justitie en Veiligheid",
        "ministerie-jenv",
        "rijk",
        "",
        ["minjenv.nl"],
        _RIJK + "ministerie-van-justitie-en-veiligheid",
    ),
    _org(
        "Ministerie van Klimaat en Groene Groei",
        "ministerie-kgg",
        "rijk",
        "",
        ["minkgg.nl"],
        _RIJK + "ministerie-van-klimaat-en-groene-groei",
    ),
    _org(
        "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur",
        "ministerie-lvvn",
        "rijk",
        "",
        ["minlnv.nl"],
        _RIJK + "ministerie-van-landbouw-visserij-voedselzekerheid-en-natuur",
    ),
    _org(
        "Ministerie van Onderwijs, Cultuur en Wetenschap",
        "ministerie-ocw",
        "rijk",
        "",
        ["minocw.nl"],
        _RIJK + "ministerie-van-onderwijs-cultuur-en-wetenschap",
    ),
    _org(
        "Ministerie van Sociale Zaken en Werkgelegenheid",
        "ministerie-szw",
        "rijk",
        "",
        ["minszw.nl"],
        _RIJK + "ministerie-van-sociale-zaken-en-werkgelegenheid",
    ),
    _org(
        "Ministerie van Volksgezondheid, Welzijn en Sport",
        "ministerie-vws",
        "rijk",
        "",
        ["minvws.nl"],
        _RIJK + "ministerie-van-volksgezondheid-welzijn-en-sport",
    ),
    _org(
        "Ministerie van Volkshuisvesting en Ruimtelijke Ordening",
        "ministerie-vro",
        "rijk",
        "",
        ["minvro.nl"],
        _RIJK + "ministerie-van-volkshuisvesting-en-ruimtelijke-ordening",
    ),
]

# ---------------------------------------------------------------------------
# The 12 provinces, north to south.
# ---------------------------------------------------------------------------
PROVINCIES = [
    _org(
        "Provincie Groningen",
        "provincie-groningen",
        "provincie",
        "groningen",
        ["provinciegroningen.nl"],
        "https://www.provinciegroningen.nl",
    ),
    _org(
        "Provincie Fryslân", "provincie-fryslan", "provincie", "friesland", ["fryslan.frl"], "https://www.fryslan.frl"
    ),
    _org(
        "Provincie Drenthe",
        "provincie-drenthe",
        "provincie",
        "drenthe",
        ["drenthe.nl"],
        "https://www.provincie.drenthe.nl",
    ),
    _org(
        "Provincie Overijssel",
        "provincie-overijssel",
        "provincie",
        "overijssel",
        ["overijssel.nl"],
        "https://www.overijssel.nl",
    ),
    _org(
        "Provincie Flevoland",
        "provincie-flevoland",
        "provincie",
        "flevoland",
        ["flevoland.nl"],
        "https://www.flevoland.nl",
    ),
    _org(
        "Provincie Gelderland",
        "provincie-gelderland",
        "provincie",
        "gelderland",
        ["gelderland.nl"],
        "https://www.gelderland.nl",
    ),
    _org(
        "Provincie Utrecht",
        "provincie-utrecht",
        "provincie",
        "utrecht",
        ["provincie-utrecht.nl"],
        "https://www.provincie-utrecht.nl",
    ),
    _org(
        "Provincie Noord-Holland",
        "provincie-noord-holland",
        "provincie",
        "noord-holland",
        ["noord-holland.nl"],
        "https://www.noord-holland.nl",
    ),
    _org(
        "Provincie Zuid-Holland",
        "provincie-zuid-holland",
        "provincie",
        "zuid-holland",
        ["pzh.nl"],
        "https://www.zuid-holland.nl",
    ),
    _org("Provincie Zeeland", "provincie-zeeland", "provincie", "zeeland", ["zeeland.nl"], "https://www.zeeland.nl"),
    _org(
        "Provincie Noord-Brabant",
        "provincie-noord-brabant",
        "provincie",
        "noord-brabant",
        ["brabant.nl"],
        "https://www.brabant.nl",
    ),
    _org("Provincie Limburg", "provincie-limburg", "provincie", "limburg", ["prvlimburg.nl"], "https://www.limburg.nl"),
]

# ---------------------------------------------------------------------------
# All 21 water boards, grouped by the province of their seat.
# ---------------------------------------------------------------------------
WATERSCHAPPEN = [
    _org(
        "Waterschap Noorderzijlvest",
        "waterschap-noorderzijlvest",
        "waterschap",
        "groningen",
        ["noorderzijlvest.nl"],
        "https://www.noorderzijlvest.nl",
    ),
    _org(
        "Waterschap Hunze en Aa's",
        "waterschap-hunze-en-aas",
        "waterschap",
        "groningen",
        ["hunzeenaas.nl"],
        "https://www.hunzeenaas.nl",
    ),
    _org(
        "Wetterskip Fryslân",
        "wetterskip-fryslan",
        "waterschap",
        "friesland",
        ["wetterskipfryslan.nl"],
        "https://www.wetterskipfryslan.nl",
    ),
    _org(
        "Waterschap Drents Overijsselse Delta",
        "waterschap-drents-overijsselse-delta",
        "waterschap",
        "overijssel",
        ["wdodelta.nl"],
        "https://www.wdodelta.nl",
    ),
    _org(
        "Waterschap Vechtstromen",
        "waterschap-vechtstromen",
        "waterschap",
        "overijssel",
        ["vechtstromen.nl"],
        "https://www.vechtstromen.nl",
    ),
    _org(
        "Waterschap Zuiderzeeland",
        "waterschap-zuiderzeeland",
        "waterschap",
        "flevoland",
        ["zuiderzeeland.nl"],
        "https://www.zuiderzeeland.nl",
    ),
    _org(
        "Waterschap Rijn en IJssel",
        "waterschap-rijn-en-ijssel",
        "waterschap",
        "gelderland",
        ["wrij.nl"],
        "https://www.wrij.nl",
    ),
    _org(
        "Waterschap Rivierenland",
        "waterschap-rivierenland",
        "waterschap",
        "gelderland",
        ["wsrl.nl"],
        "https://www.waterschaprivierenland.nl",
    ),
    _org(
        "Waterschap Vallei en Veluwe",
        "waterschap-vallei-en-veluwe",
        "waterschap",
        "gelderland",
        ["vallei-veluwe.nl"],
        "https://www.vallei-veluwe.nl",
    ),
    _org(
        "Hoogheemraadschap De Stichtse Rijnlanden",
        "hoogheemraadschap-de-stichtse-rijnlanden",
        "waterschap",
        "utrecht",
        ["hdsr.nl"],
        "https://www.hdsr.nl",
    ),
    # AGV's staff work for Waternet and use waternet.nl addresses.
    _org(
        "Waterschap Amstel, Gooi en Vecht",
        "waterschap-amstel-gooi-en-vecht",
        "waterschap",
        "noord-holland",
        ["waternet.nl"],
        "https://www.agv.nl",
    ),
    _org(
        "Hoogheemraadschap Hollands Noorderkwartier",
        "hoogheemraadschap-hollands-noorderkwartier",
        "waterschap",
        "noord-holland",
        ["hhnk.nl"],
        "https://www.hhnk.nl",
    ),
    _org(
        "Hoogheemraadschap van Delfland",
        "hoogheemraadschap-van-delfland",
        "waterschap",
        "zuid-holland",
        ["hhdelfland.nl"],
        "https://www.hhdelfland.nl",
    ),
    _org(
        "Hoogheemraadschap van Rijnland",
        "hoogheemraadschap-van-rijnland",
        "waterschap",
        "zuid-holland",
        ["rijnland.net"],
        "https://www.rijnland.net",
    ),
    _org(
        "Hoogheemraadschap van Schieland en de Krimpenerwaard",
        "hoogheemraadschap-schieland-krimpenerwaard",
        "waterschap",
        "zuid-holland",
        ["hhsk.nl"],
        "https://www.hhsk.nl",
    ),
    _org(
        "Waterschap Hollandse Delta",
        "waterschap-hollandse-delta",
        "waterschap",
        "zuid-holland",
        ["wshd.nl"],
        "https://www.wshd.nl",
    ),
    _org(
        "Waterschap Scheldestromen",
        "waterschap-scheldestromen",
        "waterschap",
        "zeeland",
        ["scheldestromen.nl"],
        "https://www.scheldestromen.nl",
    ),
    _org(
        "Waterschap Aa en Maas",
        "waterschap-aa-en-maas",
        "waterschap",
        "noord-brabant",
        ["aaenmaas.nl"],
        "https://www.aaenmaas.nl",
    ),
    _org(
        "Waterschap Brabantse Delta",
        "waterschap-brabantse-delta",
        "waterschap",
        "noord-brabant",
        ["brabantsedelta.nl"],
        "https://www.brabantsedelta.nl",
    ),
    _org(
        "Waterschap De Dommel",
        "waterschap-de-dommel",
        "waterschap",
        "noord-brabant",
        ["dommel.nl"],
        "https://www.dommel.nl",
    ),
    _org(
        "Waterschap Limburg",
        "waterschap-limburg",
        "waterschap",
        "limburg",
        ["waterschaplimburg.nl"],
        "https://www.waterschaplimburg.nl",
    ),
]

# ---------------------------------------------------------------------------
# Municipalities, grouped by province (north to south), alphabetical within.
# ---------------------------------------------------------------------------
GEMEENTEN = [
    # Groningen
    _org(
        "Gemeente Groningen",
        "gemeente-groningen",
        "gemeente",
        "groningen",
        ["groningen.nl"],
        "https://gemeente.groningen.nl",
    ),
    # Friesland
    _org(
        "Gemeente Leeuwarden",
        "gemeente-leeuwarden",
        "gemeente",
        "friesland",
        ["leeuwarden.nl"],
        "https://www.leeuwarden.nl",
    ),
    # Drenthe
    _org("Gemeente Assen", "gemeente-assen", "gemeente", "drenthe", ["assen.nl"], "https://www.assen.nl"),
    # Overijssel
    _org("Gemeente Zwolle", "gemeente-zwolle", "gemeente", "overijssel", ["zwolle.nl"], "https://www.zwolle.nl"),
    # Flevoland
    _org("Gemeente Almere", "gemeente-almere", "gemeente", "flevoland", ["almere.nl"], "https://www.almere.nl"),
    # Gelderland
    _org("Gemeente Arnhem", "gemeente-arnhem", "gemeente", "gelderland", ["arnhem.nl"], "https://www.arnhem.nl"),
    _org(
        "Gemeente Nijmegen", "gemeente-nijmegen", "gemeente", "gelderland", ["nijmegen.nl"], "https://www.nijmegen.nl"
    ),
    # Utrecht
    _org(
        "Gemeente De Ronde Venen",
        "gemeente-de-ronde-venen",
        "gemeente",
        "utrecht",
        ["derondevenen.nl"],
        "https://www.derondevenen.nl",
    ),
    _org("Gemeente Utrecht", "gemeente-utrecht", "gemeente", "utrecht", ["utrecht.nl"], "https://www.utrecht.nl"),
    # Noord-Holland
    _org(
        "Gemeente Aalsmeer",
        "gemeente-aalsmeer",
        "gemeente",
        "noord-holland",
        ["aalsmeer.nl"],
        "https://www.aalsmeer.nl",
    ),
    _org(
        "Gemeente Amstelveen",
        "gemeente-amstelveen",
        "gemeente",
        "noord-holland",
        ["amstelveen.nl"],
        "https://www.amstelveen.nl",
    ),
    _org(
        "Gemeente Amsterdam",
        "gemeente-amsterdam",
        "gemeente",
        "noord-holland",
        ["amsterdam.nl"],
        "https://www.amsterdam.nl",
    ),
    _org("Gemeente Diemen", "gemeente-diemen", "gemeente", "noord-holland", ["diemen.nl"], "https://www.diemen.nl"),
    _org("Gemeente Haarlem", "gemeente-haarlem", "gemeente", "noord-holland", ["haarlem.nl"], "https://www.haarlem.nl"),
    _org(
        "Gemeente Haarlemmermeer",
        "gemeente-haarlemmermeer",
        "gemeente",
        "noord-holland",
        ["haarlemmermeer.nl"],
        "https://haarlemmermeer.nl",
    ),
    _org(
        "Gemeente Heemstede",
        "gemeente-heemstede",
        "gemeente",
        "noord-holland",
        ["heemstede.nl"],
        "https://www.heemstede.nl",
    ),
    _org(
        "Gemeente Ouder-Amstel",
        "gemeente-ouder-amstel",
        "gemeente",
        "noord-holland",
        ["ouder-amstel.nl"],
        "https://www.ouder-amstel.nl",
    ),
    _org(
        "Gemeente Uithoorn",
        "gemeente-uithoorn",
        "gemeente",
        "noord-holland",
        ["uithoorn.nl"],
        "https://www.uithoorn.nl",
    ),
    # Zuid-Holland
    _org(
        "Gemeente Alphen aan den Rijn",
        "gemeente-alphen-aan-den-rijn",
        "gemeente",
        "zuid-holland",
        ["alphenaandenrijn.nl"],
        "https://www.alphenaandenrijn.nl",
    ),
    _org(
        "Gemeente Bodegraven-Reeuwijk",
        "gemeente-bodegraven-reeuwijk",
        "gemeente",
        "zuid-holland",
        ["bodegraven-reeuwijk.nl"],
        "https://www.bodegraven-reeuwijk.nl",
    ),
    _org(
        "Gemeente Den Haag", "gemeente-den-haag", "gemeente", "zuid-holland", ["denhaag.nl"], "https://www.denhaag.nl"
    ),
    _org(
        "Gemeente Hillegom", "gemeente-hillegom", "gemeente", "zuid-holland", ["hillegom.nl"], "https://www.hillegom.nl"
    ),
    _org(
        "Gemeente Kaag en Braassem",
        "gemeente-kaag-en-braassem",
        "gemeente",
        "zuid-holland",
        ["kaagenbraassem.nl"],
        "https://www.kaagenbraassem.nl",
    ),
    _org("Gemeente Katwijk", "gemeente-katwijk", "gemeente", "zuid-holland", ["katwijk.nl"], "https://www.katwijk.nl"),
    _org("Gemeente Leiden", "gemeente-leiden", "gemeente", "zuid-holland", ["leiden.nl"], "https://www.leiden.nl"),
    _org(
        "Gemeente Leiderdorp",
        "gemeente-leiderdorp",
        "gemeente",
        "zuid-holland",
        ["leiderdorp.nl"],
        "https://www.leiderdorp.nl",
    ),
    _org("Gemeente Lisse", "gemeente-lisse", "gemeente", "zuid-holland", ["lisse.nl"], "https://www.lisse.nl"),
    _org(
        "Gemeente Nieuwkoop",
        "gemeente-nieuwkoop",
        "gemeente",
        "zuid-holland",
        ["nieuwkoop.nl"],
        "https://www.nieuwkoop.nl",
    ),
    _org(
        "Gemeente Noordwijk",
        "gemeente-noordwijk",
        "gemeente",
        "zuid-holland",
        ["noordwijk.nl"],
        "https://www.noordwijk.nl",
    ),
    _org(
        "Gemeente Oegstgeest",
        "gemeente-oegstgeest",
        "gemeente",
        "zuid-holland",
        ["oegstgeest.nl"],
        "https://www.oegstgeest.nl",
    ),
    _org(
        "Gemeente Rotterdam",
        "gemeente-rotterdam",
        "gemeente",
        "zuid-holland",
        ["rotterdam.nl"],
        "https://www.rotterdam.nl",
    ),
    _org(
        "Gemeente Teylingen",
        "gemeente-teylingen",
        "gemeente",
        "zuid-holland",
        ["teylingen.nl"],
        "https://www.teylingen.nl",
    ),
    _org(
        "Gemeente Voorschoten",
        "gemeente-voorschoten",
        "gemeente",
        "zuid-holland",
        ["voorschoten.nl"],
        "https://www.voorschoten.nl",
    ),
    _org(
        "Gemeente Wassenaar",
        "gemeente-wassenaar",
        "gemeente",
        "zuid-holland",
        ["wassenaar.nl"],
        "https://www.wassenaar.nl",
    ),
    _org(
        "Gemeente Zoeterwoude",
        "gemeente-zoeterwoude",
        "gemeente",
        "zuid-holland",
        ["zoeterwoude.nl"],
        "https://www.zoeterwoude.nl",
    ),
    # Zeeland
    _org(
        "Gemeente Middelburg",
        "gemeente-middelburg",
        "gemeente",
        "zeeland",
        ["middelburg.nl"],
        "https://www.middelburg.nl",
    ),
    # Noord-Brabant ('s-Hertogenbosch is sorted under H)
    _org(
        "Gemeente Bergen op Zoom",
        "gemeente-bergen-op-zoom",
        "gemeente",
        "noord-brabant",
        ["bergenopzoom.nl"],
        "https://www.bergenopzoom.nl",
    ),
    _org("Gemeente Boxtel", "gemeente-boxtel", "gemeente", "noord-brabant", ["boxtel.nl"], "https://www.boxtel.nl"),
    _org("Gemeente Breda", "gemeente-breda", "gemeente", "noord-brabant", ["breda.nl"], "https://www.breda.nl"),
    _org(
        "Gemeente Eindhoven",
        "gemeente-eindhoven",
        "gemeente",
        "noord-brabant",
        ["eindhoven.nl"],
        "https://www.eindhoven.nl",
    ),
    _org("Gemeente Helmond", "gemeente-helmond", "gemeente", "noord-brabant", ["helmond.nl"], "https://www.helmond.nl"),
    _org(
        "Gemeente 's-Hertogenbosch",
        "gemeente-s-hertogenbosch",
        "gemeente",
        "noord-brabant",
        ["s-hertogenbosch.nl"],
        "https://www.s-hertogenbosch.nl",
    ),
    _org(
        "Gemeente Meierijstad",
        "gemeente-meierijstad",
        "gemeente",
        "noord-brabant",
        ["meierijstad.nl"],
        "https://www.meierijstad.nl",
    ),
    _org(
        "Gemeente Oosterhout",
        "gemeente-oosterhout",
        "gemeente",
        "noord-brabant",
        ["oosterhout.nl"],
        "https://www.oosterhout.nl",
    ),
    _org("Gemeente Oss", "gemeente-oss", "gemeente", "noord-brabant", ["oss.nl"], "https://www.oss.nl"),
    _org(
        "Gemeente Roosendaal",
        "gemeente-roosendaal",
        "gemeente",
        "noord-brabant",
        ["roosendaal.nl"],
        "https://www.roosendaal.nl",
    ),
    _org("Gemeente Tilburg", "gemeente-tilburg", "gemeente", "noord-brabant", ["tilburg.nl"], "https://www.tilburg.nl"),
    _org(
        "Gemeente Veldhoven",
        "gemeente-veldhoven",
        "gemeente",
        "noord-brabant",
        ["veldhoven.nl"],
        "https://www.veldhoven.nl",
    ),
    _org("Gemeente Vught", "gemeente-vught", "gemeente", "noord-brabant", ["vught.nl"], "https://www.vught.nl"),
    _org(
        "Gemeente Waalwijk",
        "gemeente-waalwijk",
        "gemeente",
        "noord-brabant",
        ["waalwijk.nl"],
        "https://www.waalwijk.nl",
    ),
    # Limburg
    _org(
        "Gemeente Maastricht",
        "gemeente-maastricht",
        "gemeente",
        "limburg",
        ["maastricht.nl"],
        "https://www.gemeentemaastricht.nl",
    ),
]

# ---------------------------------------------------------------------------
# Other public bodies (independent administrative bodies and the like).
# ---------------------------------------------------------------------------
OVERIG = [
    _org("Uitvoeringsinstituut Werknemersverzekeringen (UWV)", "uwv", "other", "", ["uwv.nl"], "https://www.uwv.nl"),
]

ORGANISATIONS: list[dict] = MINISTRIES + PROVINCIES + WATERSCHAPPEN + GEMEENTEN + OVERIG

# ---------------------------------------------------------------------------
# Network membership (organisation slugs).
# ---------------------------------------------------------------------------

# The 16 governments of ZPP Brabant: the province, one water board and
# 14 Brabant municipalities.
ZPP_BRABANT = [
    "provincie-noord-brabant",
    "waterschap-aa-en-maas",
    "gemeente-bergen-op-zoom",
    "gemeente-boxtel",
    "gemeente-breda",
    "gemeente-eindhoven",
    "gemeente-helmond",
    "gemeente-s-hertogenbosch",
    "gemeente-meierijstad",
    "gemeente-oosterhout",
    "gemeente-oss",
    "gemeente-roosendaal",
    "gemeente-tilburg",
    "gemeente-veldhoven",
    "gemeente-vught",
    "gemeente-waalwijk",
]

# The 22 municipalities of Werken in het Westen (Amstel-Rijn / Amstelland and
# Holland Rijnland).
WERKEN_IN_HET_WESTEN = [
    # Holland Rijnland and neighbours (Zuid-Holland)
    "gemeente-alphen-aan-den-rijn",
    "gemeente-bodegraven-reeuwijk",
    "gemeente-hillegom",
    "gemeente-kaag-en-braassem",
    "gemeente-katwijk",
    "gemeente-leiden",
    "gemeente-leiderdorp",
    "gemeente-lisse",
    "gemeente-nieuwkoop",
    "gemeente-noordwijk",
    "gemeente-oegstgeest",
    "gemeente-teylingen",
    "gemeente-voorschoten",
    "gemeente-wassenaar",
    "gemeente-zoeterwoude",
    # Amstelland / Amstel-Rijn and neighbours (Noord-Holland, Utrecht)
    "gemeente-aalsmeer",
    "gemeente-amstelveen",
    "gemeente-de-ronde-venen",
    "gemeente-diemen",
    "gemeente-haarlemmermeer",
    "gemeente-ouder-amstel",
    "gemeente-uithoorn",
]

# About ten organisations from every layer of government.
OVER_LOOP = [
    "ministerie-bzk",
    "ministerie-ienw",
    "ministerie-vws",
    "provincie-gelderland",
    "provincie-zuid-holland",
    "gemeente-amsterdam",
    "gemeente-den-haag",
    "gemeente-utrecht",
    "hoogheemraadschap-de-stichtse-rijnlanden",
    "waterschap-rivierenland",
]

# Fourteen organisations from mixed layers.
PROEFTUIN = [
    "ministerie-ocw",
    "ministerie-szw",
    "uwv",
    "provincie-groningen",
    "provincie-limburg",
    "provincie-overijssel",
    "hoogheemraadschap-van-rijnland",
    "waterschap-vechtstromen",
    "gemeente-arnhem",
    "gemeente-groningen",
    "gemeente-haarlem",
    "gemeente-heemstede",
    "gemeente-rotterdam",
    "gemeente-zwolle",
]

NETWORKS: list[dict] = [
    {
        "slug": "zpp-brabant",
        "name": "ZPP Brabant",
        "kind": "regional",
        "region": "Noord-Brabant",
        "website": "https://zppbrabant.wordpress.com",
        "join_policy": "approval",
        "employees_are_members": False,
        "moderates_assignments": True,
        "posting_policy": "members",
        "organisations": ZPP_BRABANT,
        "description_nl": (
            "ZPP Brabant is een netwerk van ondernemende ambtenaren van zestien "
            "Brabantse overheden: de provincie, een waterschap en veertien gemeenten. "
            "Elke deelnemende overheid levert minstens één professional en één project. "
            "Professionals werken via detachering of als zelfstandig publiek "
            "professional (ZPP) tegen een publiek tarief. "
            "De coördinator beslist over de toelating van nieuwe leden."
        ),
        "description_en": (
            "ZPP Brabant is a network of entrepreneurial civil servants from sixteen "
            "governments in Brabant: the province, a water board and fourteen municipalities. "
            "Each participating government provides at least one professional and one project. "
            "Professionals work on secondment or as a self-employed public professional "
            "(ZPP, zelfstandig publiek professional) at a public rate. "
            "The coordinator decides on admitting new members."
        ),
    },
    {
        "slug": "over-loop",
        "name": "Over-loop",
        "kind": "functional",
        "region": "",
        "website": "https://over-loop.nl",
        "join_policy": "invitation",
        "employees_are_members": False,
        "moderates_assignments": True,
        "posting_policy": "coordinators",
        "organisations": OVER_LOOP,
        "description_nl": (
            "Over-loop is een initiatief van de Vereniging voor Overheidsmanagement (VOM) "
            "en het voormalige programma Krachtig Bestuur van het ministerie van BZK. "
            "Senior managers uit alle overheidslagen doen een korte opdracht pro bono "
            "voor een andere overheidsorganisatie. "
            "Het netwerk is exclusief: deelname is alleen op uitnodiging."
        ),
        "description_en": (
            "Over-loop is an initiative of the Vereniging voor Overheidsmanagement (VOM), "
            "the association for public-sector management, and the former programme "
            "Krachtig Bestuur of the Ministry of the Interior and Kingdom Relations (BZK). "
            "Senior managers from all layers of government carry out a short pro bono "
            "assignment for another government organisation. "
            "The network is exclusive: membership is by invitation only."
        ),
    },
    {
        "slug": "werken-in-het-westen",
        "name": "Werken in het Westen",
        "kind": "regional",
        "region": "Amstel-Rijn en Holland Rijnland",
        "website": "https://werkeninhetwesten.nl",
        "join_policy": "approval",
        "employees_are_members": True,
        "moderates_assignments": False,
        "posting_policy": "managers",
        "organisations": WERKEN_IN_HET_WESTEN,
        "description_nl": (
            "Werken in het Westen is een HR-samenwerking van 22 gemeenten in de regio's "
            "Amstel-Rijn en Holland Rijnland. "
            "De gemeenten delen een interne databank met tijdelijke functies en opdrachten. "
            "Alleen medewerkers van de deelnemende gemeenten kunnen deze vacatures en "
            "opdrachten zien."
        ),
        "description_en": (
            "Werken in het Westen is an HR collaboration of 22 municipalities in the "
            "Amstel-Rijn and Holland Rijnland regions. "
            "The municipalities share an internal databank of temporary jobs and assignments. "
            "Only employees of the participating municipalities can see these jobs and "
            "assignments."
        ),
    },
    {
        "slug": "proeftuin",
        "name": "Proeftuin",
        "kind": "functional",
        "region": "",
        "website": "https://beterwerkeninhetopenbaarbestuur.nl",
        "join_policy": "open",
        "employees_are_members": False,
        "moderates_assignments": False,
        "posting_policy": "members",
        "organisations": PROEFTUIN,
        "description_nl": (
            "Proeftuin is een platform voor veertien organisaties die experimenteren met "
            "vormen van werk tussen vast en flexibel in. "
            "De deelnemers komen uit verschillende overheidslagen. "
            "Zij delen opdrachten en ervaringen om te leren wat wel en niet werkt."
        ),
        "description_en": (
            "Proeftuin is a platform for fourteen organisations experimenting with forms "
            "of work between permanent and flexible employment. "
            "The participants come from different layers of government. "
            "They share assignments and experiences to learn what does and does not work."
        ),
    },
]


if __name__ == "__main__":
    import re

    slug_re = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    by_slug = {o["slug"]: o for o in ORGANISATIONS}

    # Organisation records are complete and valid.
    for org in ORGANISATIONS:
        assert set(org) == {"name", "slug", "kind", "province", "domains", "website"}, org
        assert slug_re.match(org["slug"]) and len(org["slug"]) <= 50, org["slug"]
        assert org["kind"] in KINDS, org
        assert org["province"] in PROVINCES or (org["province"] == "" and org["kind"] in ("rijk", "other")), org
        assert org["domains"], org
        for domain in org["domains"]:
            assert domain == domain.lower() and "@" not in domain and "." in domain, domain
        assert org["website"].startswith("https://"), org

    # Unique slugs and domains.
    slugs = [o["slug"] for o in ORGANISATIONS]
    domains = [d for o in ORGANISATIONS for d in o["domains"]]
    assert len(slugs) == len(set(slugs)), "duplicate slug"
    assert len(domains) == len(set(domains)), "duplicate domain"

    # Counts per layer.
    provinces = [o for o in ORGANISATIONS if o["kind"] == "provincie"]
    assert len(provinces) == 12
    assert {o["province"] for o in provinces} == set(PROVINCES)
    assert len([o for o in ORGANISATIONS if o["kind"] == "waterschap"]) == 21
    assert by_slug["gemeente-tilburg"]["domains"] == ["tilburg.nl"]
    assert by_slug["gemeente-den-haag"]["domains"] == ["denhaag.nl"]

    # Network membership lists.
    assert len(ZPP_BRABANT) == 16
    assert len(WERKEN_IN_HET_WESTEN) == 22
    assert len(PROEFTUIN) == 14
    assert 8 <= len(OVER_LOOP) <= 12
    for members in (ZPP_BRABANT, WERKEN_IN_HET_WESTEN, OVER_LOOP, PROEFTUIN):
        assert len(members) == len(set(members)), "duplicate member"
        for slug in members:
            assert slug in by_slug, slug
    zpp_kinds = [by_slug[s]["kind"] for s in ZPP_BRABANT]
    assert zpp_kinds.count("provincie") == 1
    assert zpp_kinds.count("waterschap") == 1
    assert zpp_kinds.count("gemeente") == 14
    assert all(by_slug[s]["province"] == "noord-brabant" for s in ZPP_BRABANT)
    assert all(by_slug[s]["kind"] == "gemeente" for s in WERKEN_IN_HET_WESTEN)
    assert len({by_slug[s]["kind"] for s in OVER_LOOP}) == 4
    assert len({by_slug[s]["kind"] for s in PROEFTUIN}) >= 4

    # Networks.
    assert [n["slug"] for n in NETWORKS] == ["zpp-brabant", "over-loop", "werken-in-het-westen", "proeftuin"]
    for net in NETWORKS:
        assert net["kind"] in ("regional", "functional")
        assert net["join_policy"] in ("approval", "invitation", "open")
        assert net["posting_policy"] in ("members", "coordinators", "managers")
        assert net["website"].startswith("https://")
        assert (net["region"] == "") == (net["kind"] == "functional")
        for lang in ("nl", "en"):
            assert 3 <= net[f"description_{lang}"].count(". ") + 1 <= 5, (net["slug"], lang)
    assert [n["slug"] for n in NETWORKS if n["employees_are_members"]] == ["werken-in-het-westen"]
    assert [n["slug"] for n in NETWORKS if n["moderates_assignments"]] == ["zpp-brabant", "over-loop"]

    counts: dict[str, int] = {}
    for org in ORGANISATIONS:
        counts[org["kind"]] = counts.get(org["kind"], 0) + 1
    print(f"OK: {len(ORGANISATIONS)} organisations {counts}, {len(NETWORKS)} networks")
