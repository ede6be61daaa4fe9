"""Monitoring's starting terms in Azerbaijani, Armenian, Russian and Georgian.

Keyed by vocabulary (model name) and term code (a scheme value by its full code,
"eamena-condition:poor"); ``seed.load`` gives a new term these labels, and migration 0009 brought
existing databases up to date. The words follow docs/glossary.md: a condition term or damage
grade is the same word in every scheme and on every page ("destroyed" is one word in EAMENA's
and UNOSAT's scales and in the interface), and a disturbance category shares its word with the
threat and incident type of the same name.
"""

from __future__ import annotations

Labels = dict[str, str]


def L(az: str, hy: str, ru: str, ka: str) -> Labels:  # short: it reads as a table row
    return {"az": az, "hy": hy, "ru": ru, "ka": ka}


UNKNOWN = L("Naməlum", "Անհայտ", "Неизвестно", "უცნობია")
DESTROYED = L("Dağıdılıb", "Ավերված", "Разрушен", "განადგურებული")
ARMED_CONFLICT = L(
    "Silahlı münaqişə", "Զինված հակամարտություն", "Вооружённый конфликт", "შეიარაღებული კონფლიქტი"
)
LOOTING = L("Talan", "Թալան", "Разграбление", "ძარცვა")
VANDALISM = L("Vandalizm", "Վանդալիզմ", "Вандализм", "ვანდალიზმი")
DESECRATION = L("Müqəddəs yerin təhqiri", "Սրբապղծություն", "Осквернение", "სიწმინდის შებღალვა")
DEMOLITION = L("Sökülmə", "Քանդում", "Снос", "დანგრევა")
BULLDOZING = L(
    "Buldozerlə sökülmə", "Բուլդոզերով քանդում", "Снос бульдозером", "ბულდოზერით დანგრევა"
)
DEVELOPMENT = L("Tikinti və təsərrüfat işləri", "Կառուցապատում", "Застройка", "განაშენიანება")
NEGLECT = L("Baxımsızlıq", "Անխնամություն", "Отсутствие ухода", "მოუვლელობა")
GRAFFITI = L("Qraffiti", "Գրաֆիտի", "Граффити", "გრაფიტი")
CONVERSION = L(
    "Başqa təyinata çevrilmə",
    "Այլ նպատակի վերածում",
    "Перепрофилирование",
    "სხვა დანიშნულებით გადაკეთება",
)
THEFT = L("Oğurluq", "Գողություն", "Кража", "ქურდობა")

LABELS: dict[str, dict[str, Labels]] = {
    "AssessmentMethod": {
        "field-visit": L("Yerində baxış", "Դաշտային այց", "Полевое обследование", "საველე ვიზიტი"),
        "satellite-imagery": L(
            "Peyk təsvirləri",
            "Արբանյակային պատկերներ",
            "Спутниковые снимки",
            "სატელიტური გამოსახულებები",
        ),
        "remote-photo-video": L(
            "Uzaqdan alınmış foto və ya video",
            "Հեռակա ստացված լուսանկար կամ տեսանյութ",
            "Фото или видео, полученные дистанционно",
            "დისტანციურად მიღებული ფოტო ან ვიდეო",
        ),
        "open-sources": L("Açıq mənbələr", "Բաց աղբյուրներ", "Открытые источники", "ღია წყაროები"),
    },
    "ConditionScheme": {
        "eamena-condition": L(
            "EAMENA: ümumi vəziyyət",
            "EAMENA՝ ընդհանուր վիճակ",
            "EAMENA: общее состояние",
            "EAMENA: საერთო მდგომარეობა",
        ),
        "eamena-damage-extent": L(
            "EAMENA: zədənin həcmi",
            "EAMENA՝ վնասի ծավալ",
            "EAMENA: масштаб повреждений",
            "EAMENA: დაზიანების მასშტაბი",
        ),
        "unosat-damage": L(
            "UNOSAT: zədə sinfi",
            "UNOSAT՝ վնասի դաս",
            "UNOSAT: класс повреждений",
            "UNOSAT: დაზიანების კლასი",
        ),
        "har-priority": L(
            "«Təhlükə altında irs»: prioritet",
            "«Վտանգված ժառանգություն»՝ առաջնահերթություն",
            "«Наследие под угрозой»: приоритет",
            "„საფრთხის ქვეშ მყოფი მემკვიდრეობა“: პრიორიტეტი",
        ),
        "har-trend": L(
            "«Təhlükə altında irs»: meyil",
            "«Վտանգված ժառանգություն»՝ միտում",
            "«Наследие под угрозой»: тенденция",
            "„საფრთხის ქვეშ მყოფი მემკვიდრეობა“: ტენდენცია",
        ),
    },
    "SchemeValue": {
        "eamena-condition:good": L("Yaxşı", "Լավ", "Хорошее", "კარგი"),
        "eamena-condition:fair": L(
            "Qənaətbəxş", "Բավարար", "Удовлетворительное", "დამაკმაყოფილებელი"
        ),
        "eamena-condition:poor": L("Pis", "Վատ", "Плохое", "ცუდი"),
        "eamena-condition:very-bad": L("Çox pis", "Շատ վատ", "Очень плохое", "ძალიან ცუდი"),
        "eamena-condition:destroyed": DESTROYED,
        "eamena-condition:unknown": UNKNOWN,
        "eamena-damage-extent:none": L(
            "Görünən və ya məlum zədə yoxdur",
            "Տեսանելի կամ հայտնի վնաս չկա",
            "Видимых или известных повреждений нет",
            "ხილული ან ცნობილი დაზიანება არ არის",
        ),
        "eamena-damage-extent:1-10": L("1–10 %", "1–10 %", "1–10 %", "1–10 %"),
        "eamena-damage-extent:11-30": L("11–30 %", "11–30 %", "11–30 %", "11–30 %"),
        "eamena-damage-extent:31-60": L("31–60 %", "31–60 %", "31–60 %", "31–60 %"),
        "eamena-damage-extent:61-90": L("61–90 %", "61–90 %", "61–90 %", "61–90 %"),
        "eamena-damage-extent:91-100": L("91–100 %", "91–100 %", "91–100 %", "91–100 %"),
        "eamena-damage-extent:unknown": UNKNOWN,
        "unosat-damage:no-visible-damage": L(
            "Görünən zədə yoxdur",
            "Տեսանելի վնաս չկա",
            "Видимых повреждений нет",
            "ხილული დაზიანება არ არის",
        ),
        "unosat-damage:possibly-damaged": L(
            "Ehtimal ki, zədələnib",
            "Հնարավոր է՝ վնասված",
            "Возможно, повреждён",
            "შესაძლოა დაზიანებული",
        ),
        "unosat-damage:moderately-damaged": L(
            "Orta zədələnib",
            "Միջին վնասված",
            "Умеренно повреждён",
            "ზომიერად დაზიანებული",
        ),
        "unosat-damage:severely-damaged": L(
            "Ağır zədələnib", "Ծանր վնասված", "Сильно повреждён", "მძიმედ დაზიანებული"
        ),
        "unosat-damage:destroyed": DESTROYED,
        "har-priority:A": L(
            "A — daha da sürətli pisləşmə və ya itki təhlükəsi yaxındır; həll razılaşdırılmayıb",
            "A — հետագա արագ քայքայման կամ կորստի անմիջական վտանգ․ լուծում համաձայնեցված չէ",
            "A — непосредственная угроза дальнейшего быстрого разрушения или утраты; "
            "решение не согласовано",
            "A — შემდგომი სწრაფი გაუარესების ან დაკარგვის უშუალო საფრთხე; "
            "გამოსავალი შეთანხმებული არ არის",
        ),
        "har-priority:B": L(
            "B — təhlükə yaxındır; həll razılaşdırılıb, lakin hələ həyata keçirilməyib",
            "B — անմիջական վտանգ․ լուծումը համաձայնեցված է, բայց դեռ չի իրականացվել",
            "B — непосредственная угроза; решение согласовано, но ещё не выполнено",
            "B — უშუალო საფრთხე; გამოსავალი შეთანხმებულია, მაგრამ ჯერ არ განხორციელებულა",
        ),
        "har-priority:C": L(
            "C — yavaş dağılma; həll razılaşdırılmayıb",
            "C — դանդաղ քայքայում․ լուծում համաձայնեցված չէ",
            "C — медленное разрушение; решение не согласовано",
            "C — ნელი დაშლა; გამოსავალი შეთანხმებული არ არის",
        ),
        "har-priority:D": L(
            "D — yavaş dağılma; həll razılaşdırılıb, lakin hələ həyata keçirilməyib",
            "D — դանդաղ քայքայում․ լուծումը համաձայնեցված է, բայց դեռ չի իրականացվել",
            "D — медленное разрушение; решение согласовано, но ещё не выполнено",
            "D — ნელი დაშლა; გამოსავალი შეთანხმებულია, მაგრამ ჯერ არ განხორციელებულა",
        ),
        "har-priority:E": L(
            "E — təmir olunur və ya qənaətbəxş-yaxşı vəziyyətdədir; istifadəçi müəyyən edilməyib",
            "E — վերանորոգվում է կամ բավարար-լավ վիճակում է․ օգտագործող որոշված չէ",
            "E — в ремонте или в удовлетворительном или хорошем состоянии; "
            "пользователь не определён",
            "E — რემონტდება ან დამაკმაყოფილებელ ან კარგ მდგომარეობაშია; "
            "მოსარგებლე განსაზღვრული არ არის",
        ),
        "har-priority:F": L(
            "F — təmir layihəsi gedir; gələcək istifadə və ya istifadəçi müəyyən edilib",
            "F — վերանորոգման ծրագիրն ընթացքի մեջ է․ "
            "հետագա գործածությունը կամ օգտագործողը որոշված է",
            "F — идут ремонтные работы; будущее использование или пользователь определены",
            "F — მიმდინარეობს სარემონტო სამუშაოები; "
            "საბოლოო დანიშნულება ან მოსარგებლე განსაზღვრულია",
        ),
        "har-trend:declining": L("Pisləşir", "Վատթարանում է", "Ухудшается", "უარესდება"),
        "har-trend:stable": L("Sabit", "Կայուն", "Стабильно", "სტაბილური"),
        "har-trend:improving": L("Yaxşılaşır", "Բարելավվում է", "Улучшается", "უმჯობესდება"),
        "har-trend:unknown": UNKNOWN,
    },
    "DisturbanceCategory": {
        "armed-conflict": L(
            "Hərbi fəaliyyət və silahlı münaqişə",
            "Ռազմական գործողություններ և զինված հակամարտություն",
            "Военные действия и вооружённый конфликт",
            "სამხედრო მოქმედებები და შეიარაღებული კონფლიქტი",
        ),
        "looting": LOOTING,
        "vandalism": L(
            "Vandalizm və müqəddəs yerin təhqiri",
            "Վանդալիզմ և սրբապղծություն",
            "Вандализм и осквернение",
            "ვანდალიზმი და სიწმინდის შებღალვა",
        ),
        "demolition": DEMOLITION,
        "development": DEVELOPMENT,
        "agriculture": L(
            "Kənd təsərrüfatı", "Գյուղատնտեսություն", "Сельское хозяйство", "სოფლის მეურნეობა"
        ),
        "neglect": NEGLECT,
        "natural": L(
            "Təbii proseslər", "Բնական գործընթացներ", "Природные процессы", "ბუნებრივი პროცესები"
        ),
        "unknown": UNKNOWN,
    },
    "DisturbanceCause": {
        "shelling": L(
            "Artilleriya atəşi", "Հրետակոծություն", "Артиллерийский обстрел", "საარტილერიო დაბომბვა"
        ),
        "air-strike": L(
            "Hava zərbəsi və ya bombardman",
            "Ավիահարված կամ ռմբակոծություն",
            "Авиаудар или бомбардировка",
            "ავიადარტყმა ან დაბომბვა",
        ),
        "gunfire": L(
            "Atıcı silahdan atəş",
            "Հրաձգային զենքի կրակ",
            "Огонь из стрелкового оружия",
            "ცეცხლი მსუბუქი შეიარაღებიდან",
        ),
        "military-occupation": L(
            "Hərbi istifadə və ya işğal",
            "Ռազմական օգտագործում կամ օկուպացիա",
            "Военное использование или оккупация",
            "სამხედრო გამოყენება ან ოკუპაცია",
        ),
        "explosive-device": L(
            "Partlayıcı qurğu", "Պայթուցիկ սարք", "Взрывное устройство", "ასაფეთქებელი მოწყობილობა"
        ),
        "illegal-excavation": L(
            "Qanunsuz qazıntı", "Ապօրինի պեղում", "Незаконные раскопки", "უკანონო გათხრები"
        ),
        "theft": L(
            "Əşyaların və ya tikili hissələrinin oğurlanması",
            "Առարկաների կամ կառույցի մասերի գողություն",
            "Кража предметов или частей постройки",
            "საგნების ან ნაგებობის ნაწილების ქურდობა",
        ),
        "graffiti": GRAFFITI,
        "desecration": DESECRATION,
        "deliberate-damage": L(
            "Qəsdən zədələmə",
            "Դիտավորյալ վնասում",
            "Умышленное повреждение",
            "განზრახ დაზიანება",
        ),
        "removal-of-inscriptions": L(
            "Yazıların və ya simvolların götürülməsi",
            "Արձանագրությունների կամ խորհրդանիշների հեռացում",
            "Удаление надписей или символов",
            "წარწერების ან სიმბოლოების მოცილება",
        ),
        "bulldozing": BULLDOZING,
        "deliberate-demolition": L(
            "Qəsdən sökülmə", "Դիտավորյալ քանդում", "Умышленный снос", "განზრახ დანგრევა"
        ),
        "construction": L("Tikinti", "Շինարարություն", "Строительство", "მშენებლობა"),
        "road-building": L(
            "Yol tikintisi", "Ճանապարհաշինություն", "Строительство дорог", "გზის მშენებლობა"
        ),
        "inappropriate-restoration": L(
            "Düzgün aparılmayan bərpa",
            "Ոչ պատշաճ վերականգնում",
            "Ненадлежащая реставрация",
            "არასათანადო რესტავრაცია",
        ),
        "conversion": CONVERSION,
        "ploughing": L("Şumlama", "Հերկ", "Распашка", "ხვნა"),
        "grazing": L("Mal-qara otarılması", "Արածեցում", "Выпас скота", "პირუტყვის ძოვება"),
        "lack-of-maintenance": L(
            "Baxımın olmaması",
            "Ընթացիկ խնամքի բացակայություն",
            "Отсутствие текущего ухода",
            "მოვლა-შენახვის ნაკლებობა",
        ),
        "vegetation": L(
            "Bitki örtüyünün böyüməsi",
            "Բուսականության աճ",
            "Зарастание растительностью",
            "მცენარეულობით დაფარვა",
        ),
        "abandonment": L("Tərk edilmə", "Լքվածություն", "Заброшенность", "მიტოვება"),
        "earthquake": L("Zəlzələ", "Երկրաշարժ", "Землетрясение", "მიწისძვრა"),
        "flooding": L("Daşqın", "Ջրհեղեղ", "Наводнение", "წყალდიდობა"),
        "erosion": L("Eroziya", "Էրոզիա", "Эрозия", "ეროზია"),
        "fire-natural": L(
            "Landşaft yanğını", "Լանդշաֆտային հրդեհ", "Природный пожар", "ლანდშაფტური ხანძარი"
        ),
    },
    "DisturbanceEffect": {
        "collapse": L("Uçma", "Փլուզում", "Обрушение", "ჩამონგრევა"),
        "partial-collapse": L(
            "Qismən uçma", "Մասնակի փլուզում", "Частичное обрушение", "ნაწილობრივი ჩამონგრევა"
        ),
        "structural-cracking": L(
            "Konstruksiyada çatlar",
            "Կոնստրուկցիայի ճաքեր",
            "Трещины в конструкциях",
            "კონსტრუქციული ბზარები",
        ),
        "fire-damage": L(
            "Yanğından zədə", "Հրդեհից վնաս", "Повреждения от огня", "ხანძრით დაზიანება"
        ),
        "roof-loss": L(
            "Damın və ya günbəzin itirilməsi",
            "Տանիքի կամ գմբեթի կորուստ",
            "Утрата кровли или купола",
            "სახურავის ან გუმბათის დაკარგვა",
        ),
        "surface-damage": L(
            "Səthin zədələnməsi",
            "Մակերեսի վնասում",
            "Повреждение поверхности",
            "ზედაპირის დაზიანება",
        ),
        "loss-of-decoration": L(
            "Bəzəklərin, freskaların və ya yazıların itirilməsi",
            "Հարդարանքի, որմնանկարների կամ արձանագրությունների կորուստ",
            "Утрата декора, фресок или надписей",
            "მორთულობის, ფრესკების ან წარწერების დაკარგვა",
        ),
        "removal-of-objects": L(
            "Əşyaların aparılması", "Առարկաների հեռացում", "Вывоз предметов", "საგნების გატანა"
        ),
        "burial": L(
            "Torpaqla örtülmə və ya düzləndirilmə",
            "Հողածածկում կամ հարթեցում",
            "Засыпка или выравнивание",
            "მიწით დაფარვა ან მოსწორება",
        ),
        "change-of-use": L(
            "Təyinatın dəyişdirilməsi",
            "Գործառույթի փոփոխություն",
            "Изменение назначения",
            "დანიშნულების შეცვლა",
        ),
        "no-visible-effect": L(
            "Görünən nəticə yoxdur",
            "Տեսանելի հետևանք չկա",
            "Видимых последствий нет",
            "ხილული შედეგი არ არის",
        ),
    },
    "ThreatType": {
        "armed-conflict": ARMED_CONFLICT,
        "looting": LOOTING,
        "vandalism": VANDALISM,
        "demolition": DEMOLITION,
        "development": DEVELOPMENT,
        "neglect": NEGLECT,
        "natural-hazard": L(
            "Təbii təhlükə", "Բնական վտանգ", "Природная опасность", "ბუნებრივი საფრთხე"
        ),
        "climate": L(
            "İqlim dəyişikliyi", "Կլիմայի փոփոխություն", "Изменение климата", "კლიმატის ცვლილება"
        ),
    },
    "IncidentType": {
        "shelling": L(
            "Artilleriya atəşi", "Հրետակոծություն", "Артиллерийский обстрел", "საარტილერიო დაბომბვა"
        ),
        "air-strike": L("Hava zərbəsi", "Ավիահարված", "Авиаудар", "ავიადარტყმა"),
        "demolition": DEMOLITION,
        "bulldozing": BULLDOZING,
        "vandalism": VANDALISM,
        "desecration": DESECRATION,
        "looting": LOOTING,
        "arson": L("Qəsdən yandırma", "Հրկիզում", "Поджог", "ცეცხლის წაკიდება"),
        "conversion": CONVERSION,
        "removal-of-inscriptions": L(
            "Yazıların götürülməsi",
            "Արձանագրությունների հեռացում",
            "Удаление надписей",
            "წარწერების მოცილება",
        ),
        "graffiti": GRAFFITI,
        "military-use": L(
            "Hərbi istifadə", "Ռազմական օգտագործում", "Военное использование", "სამხედრო გამოყენება"
        ),
        "access-denied": L(
            "İcmanın girişi qadağan edilib",
            "Համայնքի մուտքն արգելված է",
            "Общине закрыт доступ",
            "თემს დაშვება შეეზღუდა",
        ),
        "theft": THEFT,
        "other": L("Digər", "Այլ", "Другое", "სხვა"),
    },
}
