"""The registry's starting terms in Azerbaijani, Armenian, Russian and Georgian.

Keyed by vocabulary (model name) and term code; ``seed.load`` gives a new term these labels, and
migration 0009 brought existing databases up to date. The words follow docs/glossary.md (UNESCO's
Russian texts for the World Heritage and Hague Convention terms); labels are in sentence case like
the English ones, and proper names (OpenStreetMap, GeoNames) stay as their owners write them.
"""

from __future__ import annotations

Labels = dict[str, str]


def L(az: str, hy: str, ru: str, ka: str) -> Labels:  # short: it reads as a table row
    return {"az": az, "hy": hy, "ru": ru, "ka": ka}


LABELS: dict[str, dict[str, Labels]] = {
    "SiteType": {
        "place-of-worship": L(
            "İbadət yeri", "Պաշտամունքի վայր", "Место отправления культа", "სალოცავი"
        ),
        "church": L("Kilsə", "Եկեղեցի", "Церковь", "ეკლესია"),
        "cathedral": L("Kafedral kilsə", "Մայր տաճար", "Собор", "საკათედრო ტაძარი"),
        "chapel": L("Kapella", "Մատուռ", "Часовня", "სამლოცველო"),
        "monastery": L("Monastır", "Վանք", "Монастырь", "მონასტერი"),
        "convent": L("Qadın monastırı", "Կանանց վանք", "Женский монастырь", "დედათა მონასტერი"),
        "hermitage": L("Zahid məskəni", "Ճգնավորանոց", "Скит", "განდეგილის სავანე"),
        "mosque": L("Məscid", "Մզկիթ", "Мечеть", "მეჩეთი"),
        "minaret": L("Minarə", "Մինարեթ", "Минарет", "მინარეთი"),
        "madrasa": L("Mədrəsə", "Մեդրեսե", "Медресе", "მედრესე"),
        "synagogue": L("Sinaqoq", "Սինագոգ", "Синагога", "სინაგოგა"),
        "temple": L("Məbəd", "Տաճար", "Храм", "ტაძარი"),
        "fire-temple": L("Atəşgah", "Ատրուշան", "Храм огня", "ცეცხლის ტაძარი"),
        "shrine": L("Ziyarətgah", "Սրբավայր", "Святилище", "წმინდა ადგილი"),
        "mausoleum": L("Türbə", "Մավզոլեում", "Мавзолей", "მავზოლეუმი"),
        "tomb": L("Məzar", "Դամբարան", "Гробница", "სამარხი"),
        "cemetery": L("Qəbiristanlıq", "Գերեզմանատուն", "Кладбище", "სასაფლაო"),
        "khachkar-field": L(
            "Xaçdaşlar sahəsi", "Խաչքարերի դաշտ", "Поле хачкаров", "ხაჩქარების ველი"
        ),
        "bell-tower": L("Zəng qülləsi", "Զանգակատուն", "Колокольня", "სამრეკლო"),
        "caravanserai": L("Karvansara", "Քարավանատուն", "Караван-сарай", "ქარვასლა"),
        "bridge": L("Körpü", "Կամուրջ", "Мост", "ხიდი"),
        "fortress": L("Qala", "Ամրոց", "Крепость", "ციხესიმაგრე"),
        "archaeological-site": L(
            "Arxeoloji abidə", "Հնավայր", "Археологический памятник", "არქეოლოგიური ძეგლი"
        ),
    },
    "Faith": {
        "christianity": L("Xristianlıq", "Քրիստոնեություն", "Христианство", "ქრისტიანობა"),
        "islam": L("İslam", "Իսլամ", "Ислам", "ისლამი"),
        "judaism": L("İudaizm", "Հուդայականություն", "Иудаизм", "იუდაიზმი"),
        "zoroastrianism": L("Zərdüştilik", "Զրադաշտականություն", "Зороастризм", "ზოროასტრიზმი"),
        "yazidism": L("Yezidilik", "Եզդիականություն", "Езидизм", "იეზიდიზმი"),
        "bahai": L("Bəhailik", "Բահաիզմ", "Бахаизм", "ბაჰაიზმი"),
        "buddhism": L("Buddizm", "Բուդդայականություն", "Буддизм", "ბუდიზმი"),
        "hinduism": L("Hinduizm", "Հինդուիզմ", "Индуизм", "ინდუიზმი"),
        "sikhism": L("Sikhizm", "Սիկհականություն", "Сикхизм", "სიქჰიზმი"),
        "traditional": L(
            "Ənənəvi və ya xalq dini",
            "Ավանդական կամ ժողովրդական կրոն",
            "Традиционная или народная религия",
            "ტრადიციული ან ხალხური რელიგია",
        ),
    },
    "Denomination": {
        "georgian-orthodox": L(
            "Gürcü Pravoslav Kilsəsi",
            "Վրաց ուղղափառ եկեղեցի",
            "Грузинская православная церковь",
            "საქართველოს მართლმადიდებელი ეკლესია",
        ),
        "armenian-apostolic": L(
            "Erməni Apostol Kilsəsi",
            "Հայ առաքելական եկեղեցի",
            "Армянская апостольская церковь",
            "სომხური სამოციქულო ეკლესია",
        ),
        "russian-orthodox": L(
            "Rus Pravoslav Kilsəsi",
            "Ռուս ուղղափառ եկեղեցի",
            "Русская православная церковь",
            "რუსული მართლმადიდებელი ეკლესია",
        ),
        "greek-orthodox": L(
            "Yunan Pravoslav Kilsəsi",
            "Հույն ուղղափառ եկեղեցի",
            "Греческая православная церковь",
            "ბერძნული მართლმადიდებელი ეკლესია",
        ),
        "caucasian-albanian": L(
            "Qafqaz Albaniyası kilsəsi (udilər)",
            "Աղվանից եկեղեցի (ուդիներ)",
            "Кавказско-албанская церковь (удины)",
            "კავკასიის ალბანეთის ეკლესია (უდები)",
        ),
        "roman-catholic": L(
            "Roma-Katolik Kilsəsi",
            "Հռոմեական կաթոլիկ եկեղեցի",
            "Римско-католическая церковь",
            "რომის კათოლიკური ეკლესია",
        ),
        "armenian-catholic": L(
            "Erməni Katolik Kilsəsi",
            "Հայ կաթողիկե եկեղեցի",
            "Армянская католическая церковь",
            "სომეხ კათოლიკეთა ეკლესია",
        ),
        "lutheran": L("Lüteranlar", "Լյութերականներ", "Лютеране", "ლუთერანები"),
        "evangelical-baptist": L(
            "Yevangelist-baptistlər",
            "Ավետարանական մկրտականներ",
            "Евангельские христиане-баптисты",
            "ევანგელურ-ბაპტისტები",
        ),
        "molokan": L("Molokanlar", "Մոլոկաններ", "Молокане", "მალაკნები"),
        "doukhobor": L("Duxoborlar", "Դուխոբորներ", "Духоборы", "დუხობორები"),
        "sunni": L("Sünnilik", "Սուննիականություն", "Суннизм", "სუნიზმი"),
        "shia": L("Şiəlik", "Շիականություն", "Шиизм", "შიიზმი"),
        "georgian-jewish": L(
            "Gürcü yəhudiləri", "Վրացական հրեաներ", "Грузинские евреи", "ქართველი ებრაელები"
        ),
        "mountain-jewish": L(
            "Dağ yəhudiləri", "Լեռնային հրեաներ", "Горские евреи", "მთის ებრაელები"
        ),
        "ashkenazi": L("Aşkenazlar", "Աշքենազներ", "Ашкеназы", "აშკენაზები"),
    },
    "Period": {
        "prehistoric": L(
            "Tarixəqədərki dövr", "Նախապատմական շրջան", "Доисторический период", "პრეისტორია"
        ),
        "urartian": L("Urartu dövrü", "Ուրարտական շրջան", "Урартский период", "ურარტული ხანა"),
        "classical-antiquity": L(
            "Klassik antik dövr",
            "Դասական հնադարյան շրջան",
            "Классическая античность",
            "კლასიკური ანტიკურობა",
        ),
        "early-christian": L(
            "Erkən xristian dövrü",
            "Վաղ քրիստոնեական շրջան",
            "Раннехристианский период",
            "ადრექრისტიანული ხანა",
        ),
        "early-medieval": L(
            "Erkən orta əsrlər", "Վաղ միջնադար", "Раннее Средневековье", "ადრეული შუა საუკუნეები"
        ),
        "high-medieval": L(
            "İnkişaf etmiş orta əsrlər",
            "Զարգացած միջնադար",
            "Высокое Средневековье",
            "განვითარებული შუა საუკუნეები",
        ),
        "late-medieval": L(
            "Son orta əsrlər", "Ուշ միջնադար", "Позднее Средневековье", "გვიანი შუა საუკუნეები"
        ),
        "early-modern": L(
            "Erkən yeni dövr", "Վաղ նոր ժամանակներ", "Раннее Новое время", "ადრეული ახალი დრო"
        ),
        "nineteenth-century": L("XIX əsr", "XIX դար", "XIX век", "XIX საუკუნე"),
        "soviet": L("Sovet dövrü", "Խորհրդային շրջան", "Советский период", "საბჭოთა პერიოდი"),
        "contemporary": L(
            "Müasir dövr", "Ժամանակակից շրջան", "Современный период", "თანამედროვე პერიოდი"
        ),
    },
    "DesignationScheme": {
        "national-register": L(
            "Milli mədəni irs reyestri",
            "Մշակութային ժառանգության ազգային ռեեստր",
            "Национальный реестр культурного наследия",
            "კულტურული მემკვიდრეობის ეროვნული რეესტრი",
        ),
        "national-significance": L(
            "Ölkə əhəmiyyətli abidə",
            "Հանրապետական նշանակության հուշարձան",
            "Памятник национального значения",
            "ეროვნული მნიშვნელობის ძეგლი",
        ),
        "local-significance": L(
            "Yerli əhəmiyyətli abidə",
            "Տեղական նշանակության հուշարձան",
            "Памятник местного значения",
            "ადგილობრივი მნიშვნელობის ძეგლი",
        ),
        "world-heritage": L(
            "Ümumdünya İrs Siyahısı",
            "Համաշխարհային ժառանգության ցանկ",
            "Список всемирного наследия",
            "მსოფლიო მემკვიდრეობის ნუსხა",
        ),
        "world-heritage-in-danger": L(
            "Təhlükə altında olan Ümumdünya İrs Siyahısı",
            "Վտանգված համաշխարհային ժառանգության ցանկ",
            "Список всемирного наследия, находящегося под угрозой",
            "საფრთხის ქვეშ მყოფი მსოფლიო მემკვიდრეობის ნუსხა",
        ),
        "world-heritage-tentative": L(
            "Ümumdünya İrs İlkin Siyahısı",
            "Համաշխարհային ժառանգության նախնական ցանկ",
            "Предварительный список всемирного наследия",
            "მსოფლიო მემკვიდრეობის წინასწარი ნუსხა",
        ),
        "hague-enhanced": L(
            "Gücləndirilmiş müdafiə (Haaqa Konvensiyasının 1999-cu il İkinci Protokolu)",
            "Ուժեղացված պաշտպանություն (Հաագայի կոնվենցիայի 1999 թ. Երկրորդ արձանագրություն)",
            "Усиленная защита (Второй протокол 1999 года к Гаагской конвенции)",
            "გაძლიერებული დაცვა (ჰააგის კონვენციის 1999 წლის მეორე ოქმი)",
        ),
        "hague-special": L(
            "Xüsusi müdafiə (1954-cü il Haaqa Konvensiyası)",
            "Հատուկ պաշտպանություն (1954 թ. Հաագայի կոնվենցիա)",
            "Специальная защита (Гаагская конвенция 1954 года)",
            "სპეციალური დაცვა (1954 წლის ჰააგის კონვენცია)",
        ),
        "hague-emblem": L(
            "Fərqləndirici emblemlə işarələnib (Mavi Qalxan)",
            "Նշված է տարբերիչ նշանով (Կապույտ վահան)",
            "Обозначен отличительным знаком (Голубой щит)",
            "აღნიშნულია გამორჩეული ნიშნით (ცისფერი ფარი)",
        ),
    },
    "NameType": {
        "official": L("Rəsmi", "Պաշտոնական", "Официальное", "ოფიციალური"),
        "local": L(
            "Yerli (yerində işlənən)",
            "Տեղական (գործածվում է տեղում)",
            "Местное (в ходу на месте)",
            "ადგილობრივი (ადგილზე ხმარებული)",
        ),
        "alternative": L("Alternativ", "Այլընտրանքային", "Альтернативное", "ალტერნატიული"),
        "transliteration": L("Transliterasiya", "Տառադարձում", "Транслитерация", "ტრანსლიტერაცია"),
        "translation": L("Tərcümə", "Թարգմանություն", "Перевод", "თარგმანი"),
        "historic": L("Tarixi", "Պատմական", "Историческое", "ისტორიული"),
        "designation": L(
            "Mühafizə sənədinə görə",
            "Ըստ պահպանական փաստաթղթի",
            "По охранному документу",
            "დაცვის დოკუმენტის მიხედვით",
        ),
    },
    "LocationCertainty": {
        "exact": L(
            "Dəqiq (ölçülüb, 10 m dəqiqliklə)",
            "Ճշգրիտ (չափագրված, 10 մ ճշտությամբ)",
            "Точное (по съёмке, до 10 м)",
            "ზუსტი (აზომილი, 10 მ-ის სიზუსტით)",
        ),
        "within-100m": L(
            "100 m dəqiqliklə", "100 մ ճշտությամբ", "В пределах 100 м", "100 მ-ის ფარგლებში"
        ),
        "within-1km": L(
            "1 km dəqiqliklə", "1 կմ ճշտությամբ", "В пределах 1 км", "1 კმ-ის ფარგლებში"
        ),
        "settlement": L(
            "Yalnız yaşayış məntəqəsi (5 km dəqiqliklə)",
            "Միայն բնակավայրը (5 կմ ճշտությամբ)",
            "Только населённый пункт (в пределах 5 км)",
            "მხოლოდ დასახლება (5 კმ-ის ფარგლებში)",
        ),
        "region": L("Yalnız region", "Միայն տարածաշրջանը", "Только регион", "მხოლოდ რეგიონი"),
        "unknown": L("Naməlum", "Անհայտ", "Неизвестно", "უცნობია"),
    },
    "IdentifierScheme": {
        "osm": L("OpenStreetMap", "OpenStreetMap", "OpenStreetMap", "OpenStreetMap"),
        "wikidata": L("Vikiverilənlər", "Վիքիտվյալներ", "Викиданные", "ვიკიმონაცემები"),
        "geonames": L("GeoNames", "GeoNames", "GeoNames", "GeoNames"),
        "unesco-whc": L(
            "UNESCO Ümumdünya İrs Mərkəzi",
            "ՅՈՒՆԵՍԿՕ-ի Համաշխարհային ժառանգության կենտրոն",
            "Центр всемирного наследия ЮНЕСКО",
            "იუნესკოს მსოფლიო მემკვიდრეობის ცენტრი",
        ),
        "national-register": L(
            "Milli reyestr", "Ազգային ռեեստր", "Национальный реестр", "ეროვნული რეესტრი"
        ),
    },
}
