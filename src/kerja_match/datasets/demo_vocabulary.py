"""Words of the SYNTHETIC demo market: how people write each skill, jobs, sectors, origins.

Phrases are what job seekers and HR staff write in Bekasi, in Indonesian and English, with a few
common misspellings; each list belongs to one concept of the bundled vocational taxonomy
(``vocational_taxonomy.json``). Roles and sectors follow the demand named by the labour office
(lathes, measuring tools, injection moulding, electrical work first; then welding, quality control,
forklift, K3, maintenance, sewing, administration). Weights are assumptions for a demo, not data.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Concept id -> phrases people write for it (the first is the usual Indonesian one).
PHRASES: dict[str, tuple[str, ...]] = {
    "manufaktur.pemesinan.bubut": (
        "mesin bubut", "operator mesin bubut", "bubut", "membubut", "tukang bubut", "lathe",
        "lathe machining", "bubut manual", "mesin bubud",
    ),
    "manufaktur.pemesinan.frais": ("mesin frais", "frais", "milling", "mesin milling", "mesin fris"),
    "manufaktur.pemesinan.cnc": ("mesin CNC", "operator CNC", "CNC", "CNC machining", "CNC bubut"),
    # "jangka sorong" and "mikrometer" name narrower concepts (the tools themselves)
    "manufaktur.pengukuran.alat_ukur": (
        "alat ukur", "jangka sorong", "mikrometer", "measuring tools", "vernier caliper",
        "mengukur dengan alat ukur", "alat ukur mekanik", "jangka sorog",
    ),
    "manufaktur.plastik.injection": (
        "injection moulding", "injection molding", "mesin injeksi plastik", "injeksi plastik",
        "operator injection", "plastic injection moulding", "inject moulding",
    ),
    "listrik.instalasi.bangunan": (
        "instalasi listrik", "electrical installation", "wiring listrik", "instalasi listrik bangunan",
        "instalasi listrk",
    ),
    "listrik.industri.teknisi": ("listrik industri", "teknisi listrik", "maintenance listrik", "industrial electrician"),
    "listrik.industri.plc": ("PLC", "programmable logic controller", "pemrograman PLC", "otomasi PLC"),
    "listrik.pendingin.ac": ("servis AC", "teknisi AC", "refrigerasi", "air conditioning"),
    "logam.las.smaw": ("las listrik", "las SMAW", "SMAW", "welding SMAW", "stick welding", "las busur manual"),
    "logam.las.gmaw": ("las CO2", "GMAW", "las MIG", "welding CO2", "MIG welding"),
    "manufaktur.k3.k3_umum": ("K3", "keselamatan kerja", "K3 umum", "occupational safety", "keselamatan dan kesehatan kerja"),
    "manufaktur.gambar.baca_gambar": (
        "membaca gambar teknik", "gambar teknik", "baca gambar teknik", "technical drawing", "blueprint reading",
    ),
    "manufaktur.mutu.qc": ("quality control", "QC", "inspeksi kualitas", "quality inspector", "kontrol kualitas"),
    "manufaktur.perawatan.mesin": (
        "perawatan mesin", "maintenance mesin", "machine maintenance", "pemeliharaan mesin", "mekanik mesin",
    ),
    "logistik.gudang.forklift": ("forklift", "operator forklift", "SIO forklift", "mengemudikan forklift", "forklif"),
    "garmen.produksi.jahit": ("menjahit", "jahit", "sewing", "operator jahit", "operator sewing", "menjait"),
    "kantor.administrasi.perkantoran": (
        "administrasi perkantoran", "admin kantor", "administrasi", "office administration", "staf administrasi",
    ),
    "kantor.aplikasi.ms_office": ("Microsoft Office", "ms office", "aplikasi perkantoran", "ms ofice"),
    "kantor.aplikasi.excel": ("Excel", "MS Excel", "exel", "spreadsheet"),
    "otomotif.motor.servis": ("servis sepeda motor", "mekanik motor", "motorcycle service", "servis motor"),
    "otomotif.mobil.mekanik": ("mekanik mobil", "servis mobil", "car maintenance"),
    "soft.pribadi.disiplin": ("disiplin", "discipline", "disiplin tinggi", "disipilin"),
    "soft.pribadi.sikap_kerja": ("sikap kerja", "attitude", "attitude baik", "good attitude", "sikap kerja yang baik"),
    "soft.sosial.kerja_sama": ("kerja sama tim", "teamwork", "kerjasama", "team work", "mampu bekerja dalam tim"),
    "soft.sosial.komunikasi": ("komunikasi", "communication", "komunikasi yang baik", "communication skills"),
    "soft.pribadi.tanggung_jawab": ("tanggung jawab", "responsibility", "tanggungjawab", "bertanggung jawab"),
    "soft.pribadi.cermat_teliti": ("teliti", "cermat", "detail oriented", "ketelitian"),
    "soft.pribadi.etika": ("etika", "etika profesi", "beretika"),
    "soft.pribadi.adaptasi": ("adaptasi", "adaptability", "mudah beradaptasi"),
}  # fmt: skip

SOFT_SKILLS: tuple[str, ...] = tuple(c for c in PHRASES if c.startswith("soft."))

#: Share of skills written as the concept id itself (HR systems export codes; people rarely do).
CONCEPT_ID_SHARE = {"candidate": 0.08, "vacancy": 0.25}


@dataclass(frozen=True)
class Role:
    """A job: its title, the skills it needs (core) and may use (extras), how many seekers come from it."""

    title: str
    core: tuple[str, ...]
    extras: tuple[str, ...]
    supply: float  # relative share of job seekers with this background
    min_education: str | None = "SMK"


_BUBUT, _FRAIS, _CNC = "manufaktur.pemesinan.bubut", "manufaktur.pemesinan.frais", "manufaktur.pemesinan.cnc"
_UKUR, _INJECTION = "manufaktur.pengukuran.alat_ukur", "manufaktur.plastik.injection"
_LISTRIK, _PLC, _AC = "listrik.instalasi.bangunan", "listrik.industri.plc", "listrik.pendingin.ac"
_LISTRIK_INDUSTRI = "listrik.industri.teknisi"
_SMAW, _GMAW, _K3 = "logam.las.smaw", "logam.las.gmaw", "manufaktur.k3.k3_umum"
_GAMBAR, _QC = "manufaktur.gambar.baca_gambar", "manufaktur.mutu.qc"
_MAINTENANCE, _FORKLIFT = "manufaktur.perawatan.mesin", "logistik.gudang.forklift"
_JAHIT, _ADMIN = "garmen.produksi.jahit", "kantor.administrasi.perkantoran"
_OFFICE, _EXCEL = "kantor.aplikasi.ms_office", "kantor.aplikasi.excel"
_MOTOR, _MOBIL = "otomotif.motor.servis", "otomotif.mobil.mekanik"

# Extras are listed most likely first (a vacancy or a person picks from the front more often).
ROLES: dict[str, Role] = {
    "bubut": Role("Operator Mesin Bubut", (_BUBUT, _UKUR), (_GAMBAR, _FRAIS, _CNC, _K3), supply=3),
    "cnc": Role("Operator CNC", (_CNC, _BUBUT), (_UKUR, _GAMBAR, _FRAIS, _K3), supply=2),
    "frais": Role("Operator Mesin Frais", (_FRAIS, _UKUR), (_BUBUT, _GAMBAR, _K3), supply=1.5),
    "injection": Role(
        "Operator Injection Moulding", (_INJECTION,), (_UKUR, _MAINTENANCE, _QC, _K3), supply=2.5
    ),
    "listrik": Role(
        "Teknisi Listrik", (_LISTRIK,), (_LISTRIK_INDUSTRI, _PLC, _MAINTENANCE, _GAMBAR, _K3), supply=4
    ),
    "plc": Role(
        "Teknisi Otomasi (PLC)", (_PLC, _LISTRIK), (_MAINTENANCE, _K3), supply=1.5, min_education="D3"
    ),
    "las": Role("Welder", (_SMAW,), (_GMAW, _GAMBAR, _K3), supply=7),
    "las_co2": Role("Welder CO2", (_GMAW,), (_SMAW, _GAMBAR, _K3), supply=3),
    "qc": Role("QC Inspector", (_QC, _UKUR), (_GAMBAR, _EXCEL, _K3), supply=7),
    "maintenance": Role(
        "Teknisi Maintenance", (_MAINTENANCE,), (_LISTRIK_INDUSTRI, _SMAW, _GAMBAR, _K3), supply=4
    ),
    "forklift": Role("Operator Forklift", (_FORKLIFT,), (_K3, _OFFICE), supply=6, min_education="SMA"),
    "jahit": Role("Operator Jahit", (_JAHIT,), (_QC,), supply=8, min_education="SMP"),
    "admin": Role("Staf Administrasi", (_ADMIN, _OFFICE), (_EXCEL, _K3), supply=20, min_education="SMA"),
    "ac": Role("Teknisi AC", (_AC,), (_LISTRIK, _K3), supply=4),
    "motor": Role("Mekanik Sepeda Motor", (_MOTOR,), (_K3,), supply=8),
    "mobil": Role("Mekanik Mobil", (_MOBIL,), (_SMAW, _K3), supply=5),
}


@dataclass(frozen=True)
class Sector:
    """An industry of the estates: its share of employers, a label, and the roles it hires for."""

    share: float
    label: str
    name_word: str  # for synthetic company names
    roles: tuple[tuple[str, float], ...]


SECTORS: dict[str, Sector] = {
    "otomotif": Sector(
        0.30, "komponen otomotif dan logam", "Presisi",
        (("bubut", 7), ("cnc", 3), ("frais", 2), ("qc", 1), ("maintenance", 1.5), ("las", 1.5), ("listrik", 1),
         ("forklift", 1), ("admin", 0.5)),
    ),
    "plastik": Sector(
        0.22, "plastik dan kemasan", "Plastindo",
        (("injection", 7), ("qc", 1), ("maintenance", 1), ("listrik", 1), ("forklift", 1), ("admin", 0.5)),
    ),
    "elektronik": Sector(
        0.18, "elektronik dan kelistrikan", "Elektrindo",
        (("listrik", 6), ("plc", 2), ("qc", 1), ("injection", 1), ("maintenance", 1), ("admin", 0.5)),
    ),
    "fabrikasi": Sector(
        0.12, "fabrikasi baja", "Baja",
        (("las", 4), ("las_co2", 2), ("bubut", 2), ("maintenance", 1), ("forklift", 1)),
    ),
    "garmen": Sector(0.08, "garmen", "Busana", (("jahit", 6), ("qc", 1), ("admin", 0.5))),
    "logistik": Sector(0.10, "logistik dan pergudangan", "Logistik", (("forklift", 4), ("admin", 2), ("ac", 0.5))),
}  # fmt: skip

#: Words for synthetic company names ("PT Contoh Presisi Mandiri 017"); "Contoh" marks them as examples.
EMPLOYER_WORDS: tuple[str, ...] = (
    "Mandiri",
    "Nusantara",
    "Sejahtera",
    "Cemerlang",
    "Utama",
    "Makmur",
    "Sentosa",
)

#: Highest education of job seekers (assumed; SMK and SMA dominate factory recruitment).
EDUCATION_SHARES: dict[str, float] = {"SMP": 0.07, "SMA": 0.30, "SMK": 0.52, "D3": 0.07, "S1": 0.04}

#: KTP regions of residents who came from elsewhere: provinces (Kemendagri codes) of the usual
#: migrant origins: 33 Jawa Tengah, 35 Jawa Timur, 34 DI Yogyakarta, 36 Banten, 18 Lampung,
#: and districts of the belt (32.75 Kota Bekasi, 32.15 Karawang, 32.01 Kab. Bogor, 31.75 Jakarta Timur).
KTP_ORIGINS_OUTSIDE: tuple[str, ...] = (
    "33",
    "33",
    "33",
    "35",
    "35",
    "34",
    "36",
    "18",
    "32.75",
    "32.15",
    "32.01",
    "31.75",
)
