"""The DfE language code list (CBDS "Language" code set used by the school census and the CTF).

Source: the CBDS code list as published in 2007 and still the base of today's census list
("Additional Guidance - Language Codes" copies name the same codes from ACL to ZUL). It was read
from a stored copy, not from gov.uk on the day: codes the DfE added since then are not here, and
an import meeting one warns that it is not known rather than guessing.

Every code here is known to Liaison (`languages.get` answers for it); the codes letters need to
know more about (script, endonym, locale, what speakers read) are in `languages.CATALOGUE`.
Where two spellings circulate both are accepted (see `languages.ALIASES`): Tigrinya is TGR in
this list but TIG in Liaison's records and in several MIS lists; Tagalog was TAG in Liaison.
"""

from __future__ import annotations

from functools import cache

# One "CODE Description" per entry, ";" between entries. Descriptions as the list words them.
_RAW = """
ACL Acholi;ADA Adangme;AFA Afar-Saho;AFK Afrikaans;AKA Akan/Twi-Fante;AKAF Akan (Fante);
AKAT Akan (Twi/Asante);ALB Albanian/Shqip;ALU Alur;AMR Amharic;ARA Arabic;
ARAA Arabic (Any Other);ARAG Arabic (Algeria);ARAI Arabic (Iraq);ARAM Arabic (Morocco);
ARAS Arabic (Sudan);ARAY Arabic (Yemen);ARM Armenian;ASM Assamese;ASR Assyrian/Aramaic;
AYB Anyi-Baule;AYM Aymara;AZE Azeri;BAI Bamileke (Any);BAL Balochi;BEJ Beja/Bedawi;
BEL Belarusian;BEM Bemba;BHO Bhojpuri;BIK Bikol;BLT Balti Tibetan;BMA Burmese/Myanma;
BNG Bengali;BNGA Bengali (Any Other);BNGC Bengali (Chittagong/Noakhali);BNGS Bengali (Sylheti);
BSL British Sign Language;BSQ Basque/Euskara;BUL Bulgarian;CAM Cambodian/Khmer;
CAT Catalan/Valencian;CCE Caribbean Creole English;CCF Caribbean Creole French;CGA Chaga;
CGR Chattisgarhi/Khatahi;CHE Chechen;CHI Chinese;CHIA Chinese (Any Other);
CHIC Chinese (Cantonese);CHIH Chinese (Hokkien/Fujianese);CHIK Chinese (Hakka);
CHIM Chinese (Mandarin/Putonghua);CKW Chokwe;CRN Cornish;CTR Chitrali/Khowar;
CWA Chichewa/Nyanja;CYM Welsh/Cymraeg;CZE Czech;DAN Danish;DGA Dagaare;DGB Dagbane;
DIN Dinka/Jieng;DUT Dutch/Flemish;DZO Dzongkha/Bhutanese;EBI Ebira;EDO Edo/Bini;
EFI Efik-Ibibio;ENG English;ESA Esan/Ishan;EST Estonian;EWE Ewe;EWO Ewondo;FAN Fang;
FIJ Fijian;FIN Finnish;FON Fon;FRN French;FUL Fula/Fulfulde-Pulaar;GAA Ga;GAE Gaelic/Irish;
GAL Gaelic (Scotland);GEO Georgian;GER German;GGO Gogo/Chigogo;GKY Kikuyu/Gikuyu;
GLG Galician/Galego;GRE Greek;GREA Greek (Any Other);GREC Greek (Cyprus);GRN Guarani;
GUJ Gujarati;GUN Gurenne/Frafra;GUR Gurma;HAU Hausa;HDK Hindko;HEB Hebrew;HER Herero;
HGR Hungarian;HIN Hindi;IBA Iban;IDM Idoma;IGA Igala;IGB Igbo;IJO Ijo (Any);ILO Ilokano;
ISK Itsekiri;ISL Icelandic;ITA Italian;ITAA Italian (Any Other);ITAN Italian (Napoletan);
ITAS Italian (Sicilian);JAV Javanese;JIN Jinghpaw/Kachin;JPN Japanese;KAM Kikamba;
KAN Kannada;KAR Karen (Any);KAS Kashmiri;KAU Kanuri;KAZ Kazakh;KCH Katchi;KGZ Kirghiz/Kyrgyz;
KHA Khasi;KHY Kihaya/Luziba;KIN Kinyarwanda;KIR Kirundi;KIS Kisi (West Africa);KLN Kalenjin;
KMB Kimbundu;KME Kimeru;KNK Konkani;KNY Kinyakyusa-Ngonde;KON Kikongo;KOR Korean;KPE Kpelle;
KRI Krio;KRU Kru (Any);KSI Kisii/Ekegusii (Kenya);KSU Kisukuma;KUR Kurdish;
KURA Kurdish (Any Other);KURM Kurdish (Kurmanji);KURS Kurdish (Sorani);LAO Lao;LBA Luba;
LBAC Luba (Chiluba/Tshiluba);LBAK Luba (Kiluba);LGA Luganda;LGB Lugbara;LGS Lugisu/Lumasaba;
LIN Lingala;LIT Lithuanian;LNG Lango (Uganda);LOZ Lozi/Silozi;LSO Lusoga;LTV Latvian;
LTZ Luxemburgish;LUE Luvale/Luena;LUN Lunda;LUO Luo (Kenya/Tanzania);LUY Luhya (Any);
MAG Magahi;MAI Maithili;MAK Makua;MAN Manding/Malinke;MANA Manding/Malinke (Any Other);
MANB Bambara;MANJ Dyula/Jula;MAO Maori;MAR Marathi;MAS Maasai;MDV Maldivian/Dhivehi;
MEN Mende;MKD Macedonian;MLG Malagasy;MLM Malayalam;MLT Maltese;MLY Malay/Indonesian;
MLYA Malay (Any Other);MLYI Indonesian/Bahasa Indonesia;MNA Magindanao-Maranao;
MNG Mongolian (Khalkha);MNX Manx Gaelic;MOR Moore/Mossi;MSC Mauritian/Seychelles Creole;
MUN Munda (Any);MYA Maya (Any);NAH Nahuatl/Mexicano;NAM Nama/Damara;NBN Nubian (Any);
NDB Ndebele;NDBS Ndebele (South Africa);NDBZ Ndebele (Zimbabwe);NEP Nepali;NOR Norwegian;
NUE Nuer/Naadh;NUP Nupe;NWA Newari;NZM Nzema;OAM Ambo/Oshiwambo;OAMK Ambo (Kwanyama);
OAMN Ambo (Ndonga);OGN Ogoni (Any);ORI Oriya;ORM Oromo;PAG Pangasinan;PAM Pampangan;
PAT Pashto/Pakhto;PHA Pahari/Himachali (India);PHR Pahari (Pakistan);PNJ Panjabi;
PNJA Panjabi (Any Other);PNJG Panjabi (Gurmukhi);PNJM Panjabi (Mirpuri);PNJP Panjabi (Pothwari);
POL Polish;POR Portuguese;PORA Portuguese (Any Other);PORB Portuguese (Brazil);
PRS Persian/Farsi;PRSA Farsi/Persian (Any Other);PRSD Dari Persian;PRST Tajiki Persian;
QUE Quechua;RAJ Rajasthani/Marwari;RME Romany/English Romanes;RMI Romani (International);
RMN Romanian;RMNM Romanian (Moldova);RMNR Romanian (Romania);RMS Romansch;RNY Runyakitara;
RNYN Runyankore-Ruchiga;RNYO Runyoro-Rutooro;RUS Russian;SAM Samoan;
SCB Serbian/Croatian/Bosnian;SCBB Bosnian;SCBC Croatian;SCBS Serbian;SCO Scots;
SHL Shilluk/Cholo;SHO Shona;SID Sidamo;SIO Sign Language (Other);SLO Slovak;SLV Slovenian;
SND Sindhi;SNG Sango;SNH Sinhala;SOM Somali;SPA Spanish;SRD Sardinian;SRK Siraiki;SSO Sotho/Sesotho;
SSOO Sotho/Sesotho (Southern);SSOT Sotho/Sesotho (Northern);SSW Swazi/Siswati;
STS Tswana/Setswana;SUN Sundanese;SWA Swahili/Kiswahili;SWAA Swahili (Any Other);
SWAC Comorian Swahili;SWAK Swahili (Kingwana);SWAM Swahili (Brava/Mwiini);
SWAT Swahili (Bajuni/Tikuu);SWE Swedish;TAM Tamil;TEL Telugu;TEM Temne;TES Teso/Ateso;
TGE Tigre;TGL Tagalog/Filipino;TGLF Filipino;TGLG Tagalog;TGR Tigrinya;THA Thai;TIB Tibetan;
TIV Tiv;TMZ Berber/Tamazight;TMZA Berber/Tamazight (Any Other);TMZK Berber/Tamazight (Kabyle);
TMZT Berber (Tamashek);TNG Tonga/Chitonga (Zambia);TON Tongan (Oceania);TPI Tok Pisin;
TRI Traveller Irish/Shelta;TSO Tsonga;TUK Turkmen;TUL Tulu;TUM Tumbuka;TUR Turkish;
UKR Ukrainian;UMB Umbundu;URD Urdu;URH Urhobo-Isoko;UYG Uyghur;UZB Uzbek;VEN Venda;
VIE Vietnamese;VSY Visayan/Bisaya;VSYA Visayan/Bisaya (Any Other);VSYH Hiligaynon;
VSYS Cebuano/Sugbuanon;VSYW Waray/Binisaya;WAP Wa-Paraok (South-East Asia);
WCP West-African Creole Portuguese;WOL Wolof;WPE West-African Pidgin English;XHO Xhosa;
YAO Yao/Chiyao (East Africa);YDI Yiddish;YOR Yoruba;ZND Zande;ZUL Zulu
"""

# Codes for the absence of a language (kept in languages.RESERVED with their meaning).
RESERVED_CODES = ("ENB", "OTB", "NOT", "REF", "OTH", "ZZZ")


@cache
def dfe_languages() -> dict[str, str]:
    """Every language code of the list, with the list's description."""
    out: dict[str, str] = {}
    for entry in _RAW.replace("\n", "").split(";"):
        code, _, description = entry.strip().partition(" ")
        out[code] = description
    return out
