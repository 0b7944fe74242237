# PIM Registration: русский

site-name = Пхеньянский международный марафон
site-tagline = Регистрация иностранных участников
site-footer = Старт и финиш на стадионе имени Ким Ир Сена в Пхеньяне. Вопросы о заявке: ответьте на письмо с подтверждением.
language-switch = Язык
required = обязательно
event-name = Пхеньянский международный марафон { $edition }
places-left = { $count ->
    [one] { $count } место
    [few] { $count } места
    [many] { $count } мест
   *[other] { $count } места
}

## Форма регистрации
register-title = Регистрация
register-heading = Регистрация на { $event }
register-lead = День забега — { $race_day }. Заполните эту форму один раз на каждого бегуна; поля, отмеченные *, обязательны. Мы сразу сообщим, какая организация рассмотрит вашу заявку и почему.
register-registered-already = Уже зарегистрировались?
register-recover-link = Получить ссылку на страницу статуса ещё раз
register-about-you = О вас
field-given-name = Имя
field-family-name = Фамилия
hint-as-in-passport = Как в паспорте.
field-email = Электронная почта
hint-email = Сюда мы пришлём подтверждение и все новости.
field-date-of-birth = Дата рождения
hint-date-of-birth = Как в паспорте.
field-sex = Пол
hint-sex = Нормативы элиты различаются для женщин и мужчин.
sex-female = Женский
sex-male = Мужской
field-nationality = Гражданство
hint-nationality = Страна, выдавшая ваш паспорт.
choose-country = Выберите страну
register-passport = Паспорт
field-passport-number = Номер паспорта
hint-passport-number = Буквы и цифры, как напечатано в паспорте.
field-passport-expiry = Срок действия паспорта
hint-passport-expiry = Правило въезда в КНДР: паспорт должен быть действителен как минимум до { $date }.
register-your-race = Ваш забег
field-distance = Дистанция
hint-distance = Все забеги стартуют в 09:00 на стадионе имени Ким Ир Сена. Минимальный возраст считается на день забега.
race-full = Марафон (42,195 км)
race-half = Полумарафон (21,0975 км)
race-10k = 10 км
race-5k = 5 км
race-facts = Взнос { $fee } USD · лимит времени { $limit } · с { $age ->
    [one] { $age } года
   *[other] { $age } лет
}
time-limit-minutes = { $minutes } мин
time-limit-hours = { $hours } ч
time-limit-hours-minutes = { $hours } ч { $minutes } мин
field-category = Категория
category-amateur = Любитель
category-elite = Элита: приглашение Министерства физической культуры и спорта, строго по квалификационному времени
hint-elite = Только для элиты: время на той же дистанции, показанное в квалификационный период и не позднее сегодняшнего дня.
field-qualifying-time = Квалификационное время
hint-qualifying-time = Ч:ММ:СС или ММ:СС, если меньше часа: например 2:28:15 или 31:40.
field-qualifying-date = Дата квалификационного забега
field-qualifying-race = Квалификационный забег
hint-qualifying-race = Название и место, например Берлинский марафон 2026.
field-evidence-url = Ссылка на официальные результаты
hint-evidence-url = Начинается с https://.
register-emergency = Контакт на экстренный случай
field-emergency-name = Имя
hint-emergency-name = Человек, который не едет с вами.
field-emergency-phone = Телефон
hint-emergency-phone = С кодом страны, например +7 495 123-45-67.
consent = Я соглашаюсь на обработку моих персональных данных, включая паспортные, для рассмотрения этой заявки и на их передачу организации, которая её рассматривает.
register-send = Отправить заявку

## Что не так с ответом, по коду ошибки
error-given-name-length = Введите имя, как в паспорте (до 100 символов).
error-family-name-length = Введите фамилию, как в паспорте (до 100 символов).
error-email-length = Адрес электронной почты — не длиннее 254 символов.
error-email = Введите адрес электронной почты, например name@example.com.
error-email-dots = Часть до @ не может начинаться или заканчиваться точкой или содержать две точки подряд.
error-email-domain = Часть после @ должна быть доменом, например example.com.
error-qualifying-race-length = Название забега — короче 200 символов.
error-url = Введите полный адрес страницы с результатами, начиная с https://.
error-emergency-contact-name-length = Введите имя человека, которому можно позвонить в экстренном случае (до 100 символов).
error-phone = Введите номер телефона с кодом страны, например +7 495 123-45-67.
error-required-nationality = Выберите гражданство.
error-required-category = Выберите категорию.
error-required-distance = Выберите дистанцию.
error-required-sex = Выберите пол.
error-required-date-of-birth = Введите дату рождения.
error-required-qualifying-time = Введите время.
error-required-qualifying-date = Введите дату.
error-required-passport-number = Введите номер паспорта.
error-required-passport-expiry = Введите дату.
error-unknown-choice = «{ $value }» нет среди вариантов: выберите один из них.
error-unknown-country = «{ $value }» — не код страны ISO 3166-1 (две латинские буквы, например SG или DE).
error-date-format = Запишите дату как ГГГГ-ММ-ДД, например 1990-05-01.
error-date-not-real = Даты { $value } не существует.
error-date-implausible = Дата рождения раньше 1900 года не может быть верной: проверьте год.
error-time-format = Запишите время как Ч:ММ:СС или ММ:СС, если меньше часа, например 2:41:00 или 29:45.
error-time-out-of-range = Минуты и секунды должны быть от 00 до 59.
error-time-zero = Время должно быть больше нуля.
error-passport-characters = Номер паспорта состоит только из букв и цифр.
error-passport-length = Номер паспорта — от 5 до 20 букв и цифр.
error-control-character = Уберите из ответа переводы строк и другие управляющие символы.
error-direction-control = Уберите скрытые символы, меняющие направление текста.
error-blank = Введите ответ видимыми буквами или цифрами.
error-faster-than-record = { $time } быстрее мирового рекорда ({ $record }): проверьте введённое время.
error-elite-needs-qualifying-time = Для элиты нужно квалификационное время.
error-elite-needs-qualifying-date = Для элиты нужна дата квалификационного забега.
error-elite-needs-qualifying-race = Для элиты нужно название квалификационного забега.
error-elite-needs-qualifying-evidence-url = Для элиты нужна ссылка на официальные результаты.
error-passport-expires-too-soon = Паспорт должен быть действителен как минимум до { $date }, то есть { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[many] { $months } месяцев
} после дня забега (правило въезда в КНДР). Пожалуйста, замените паспорт до регистрации.
error-passport-expiry-too-far = Паспорт не бывает действителен дольше { $years ->
    [one] { $years } года
   *[other] { $years } лет
}: проверьте год окончания срока.
error-consent = Пожалуйста, дайте согласие на обработку персональных данных: без него мы не можем передать вашу заявку.
error-duplicate-passport = По этому паспорту уже есть заявка на этот марафон. Если она ваша, откройте ссылку на страницу статуса из письма с подтверждением; если вы отозвали заявку, можно зарегистрироваться снова, когда отзыв будет записан.
error-language = «{ $value }» — не один из языков: en, ko, zh-Hans, zh-Hant или ru.

## Сообщение над формой
notice-wait-title = Подождите немного
notice-wait-body = С вашего подключения за короткое время пришло слишком много заявок, поэтому эта не принята. Ничего не сохранено. Подождите { $seconds ->
    [one] { $seconds } секунду
    [few] { $seconds } секунды
   *[many] { $seconds } секунд
} и отправьте форму снова: ваши ответы ниже.
notice-expired-title = Отправьте форму ещё раз
notice-expired-body = В целях безопасности форму не удалось принять: она устарела или пришла с другой страницы. Ничего не сохранено. Ваши ответы ниже; проверьте их и отправьте форму снова.
notice-invalid-title = { $count ->
    [one] Исправьте { $count } ответ
    [few] Исправьте { $count } ответа
   *[many] Исправьте { $count } ответов
}
notice-invalid-body = У каждого отмечено, что нужно изменить. Пока ничего не сохранено.
notice-ineligible-title = Мы не можем принять эту заявку в таком виде
notice-duplicate-title = Этот паспорт уже зарегистрирован
notice-duplicate-body = Ничего нового не сохранено.
notice-reused-title = Эта форма уже использована
notice-reused-body = По этой форме уже зарегистрирован бегун. Чтобы зарегистрировать другого, проверьте ответы ниже и отправьте их снова: это новая форма.

## Слова правил: организации, забеги, распределение, дальнейшие шаги
organisation-elite-invitation = Министерство физической культуры и спорта КНДР
organisation-state-agency = государственные туристические агентства КНДР
organisation-licensed-operator = Koryo Tours, лицензированный оператор
race-name-full = марафон
race-name-half = полумарафон
race-name-10k = 10 км
race-name-5k = 5 км
category-name-amateur = любители
category-name-elite = элита
region-east-asia = Восточной Азии
region-southeast-asia = Юго-Восточной Азии
explain-east-southeast-asia-amateur = Бегуны-любители из страны «{ $country }» регистрируются через организацию «{ $organisation }», которая принимает заявки из Восточной и Юго-Восточной Азии.
explain-east-southeast-asia-exception = Бегуны из страны «{ $country }» регистрируются через организацию «{ $organisation }», хотя «{ $country }» находится в { $region }.
explain-licensed-operator-default = Бегуны-любители из страны «{ $country }» регистрируются через организацию «{ $organisation }», которая принимает всех иностранных любителей не из Восточной и Юго-Восточной Азии.
next-step-elite-invitation-1 = Ваше квалификационное время и результаты по ссылке проверяет организация «{ $organisation }».
next-step-elite-invitation-2 = Приём заявок элиты заканчивается { $last_day }; затем приглашения рассылаются строго по квалификационному времени, и вы в любом случае получите письмо.
next-step-state-agency-1 = Организация «{ $organisation }» напишет вам о визе, поездке и взносе.
next-step-state-agency-2 = Приём заявок через государственные агентства заканчивается { $last_day }.
next-step-licensed-operator-1 = Организация «{ $organisation }» пришлёт вам описание тура и способ оплаты. Виза оформляется в рамках тура.
next-step-licensed-operator-2 = Бронирование заканчивается { $last_day }. Если в визе откажут, деньги вернут полностью.
next-step-passport = Паспорт должен быть действителен как минимум до { $valid_until }: виза КНДР оформляется около четырёх недель, и для неё нужен паспорт.

## Страница подтверждения
confirmation-title = Заявка получена
confirmation-thanks = Спасибо, { $name }. Ваша заявка сохранена { $received }.
confirmation-confirm-email = Теперь подтвердите адрес электронной почты до { $by }.
confirmation-confirm-email-how = Мы отправили вам письмо со ссылкой: откройте её и нажмите кнопку. Если адрес не будет подтверждён к этому сроку, заявка аннулируется, а место перейдёт следующему в листе ожидания. Нет письма? Проверьте папку «Спам».
confirmation-waitlist = Сейчас все места заняты: вы { $position }-й в листе ожидания.
confirmation-waitlist-how = Когда место освободится, его получит первая заявка в листе, и мы сразу напишем вам. Ваше место в очереди видно на странице статуса.
fact-reference = Номер заявки
fact-handled-by = Рассматривает
fact-race = Забег
confirmation-why = Почему эта организация
confirmation-next = Что дальше
confirmation-status-page = Ваша страница статуса
confirmation-status-page-before = Следите за заявкой на{" "}
confirmation-status-page-link = вашей личной странице статуса
confirmation-status-page-after = . Добавьте её в закладки: ссылка — ваш ключ, мы также присылаем её в письме с подтверждением. Никому её не передавайте.
confirmation-documents = Документы
confirmation-documents-before = Организации «{ $organisation }» нужны эти документы. Загрузите их на{" "}
confirmation-documents-after = сейчас или позже: по одному файлу JPEG, PNG или PDF на каждый.

## Emails
email-subject = Пхеньянский марафон: { $what } ({ $reference })
email-what-registration-received = заявка получена
email-what-accepted = заявка принята
email-what-invited = вы приглашены
email-what-declined = заявка не принята
email-what-waitlisted = в листе ожидания
email-what-promoted = для вас есть место
email-what-information-requested = нужны дополнительные сведения
email-what-status-link = ссылка на вашу страницу статуса
email-what-withdrawn = заявка отозвана
email-what-answer-received = ответ получен
email-what-document-refused = нужно прислать документ ещё раз
email-what-details-changed = данные исправлены
email-what-transferred = забег изменён
email-what-erasure-requested = подтвердите удаление заявки
email-dear = Здравствуйте, { $name }!
email-confirm = Подтвердите адрес электронной почты до { $by }: откройте эту ссылку и нажмите кнопку.
email-confirm-link = подтвердить адрес электронной почты
email-confirm-until = До тех пор место закреплено за вами лишь временно: если адрес не подтвердить вовремя, заявка аннулируется, а место перейдёт следующему в листе ожидания.
email-reference = Номер заявки: { $reference }
email-status-page = Ваша страница статуса (личная, никому не передавайте): { $url }
email-status-page-link = Ваша страница статуса
email-status-page-private = (личная, никому не передавайте)
email-lost-link-question = Потеряли ссылку на страницу статуса?
email-lost-link-ask = Запросить новую
email-footer = { $edition }, день забега — { $race_day }. Вопросы? Ответьте на это письмо и укажите номер заявки.
email-received = Мы получили вашу заявку: { $race } ({ $category }).
email-handled-by = Вашу заявку рассматривает организация «{ $organisation }».
email-next = Что дальше:
email-waitlisted = { $position ->
    [0] Все места на дистанции «{ $race }», которую ведёт организация «{ $organisation }», сейчас заняты, поэтому ваша заявка в листе ожидания.
   *[other] Все места на дистанции «{ $race }», которую ведёт организация «{ $organisation }», сейчас заняты, поэтому ваша заявка в листе ожидания под номером { $position }.
}
email-waitlisted-then = Когда место освободится, его получит первая заявка в листе, и мы сразу напишем вам.
email-accepted = Хорошие новости: вашу заявку на дистанцию «{ $race }» приняла организация «{ $organisation }».
email-their-note = Их примечание: { $note }
email-accepted-then = Они свяжутся с вами о дальнейших шагах: поездке, визе и оплате.
email-invited = Поздравляем: организация «{ $organisation }» приглашает вас пробежать дистанцию «{ $race }» в элите.
email-invited-then = Министерство напишет вам о поездке и визе.
email-declined = К сожалению, организация «{ $organisation }» не смогла принять вашу заявку на дистанцию «{ $race }».
email-reason-given = Указанная причина: { $note }
email-declined-then = Если у вас есть вопросы, ответьте на это письмо.
email-promoted = Хорошие новости: на дистанции «{ $race }» освободилось место, и теперь оно ваше. Вы больше не в листе ожидания.
email-promoted-then = Организация «{ $organisation }» сообщит вам о дальнейших шагах.
email-information-requested = Чтобы организация «{ $organisation }» могла принять решение по вашей заявке на дистанцию «{ $race }», нужны дополнительные сведения.
email-what-they-ask = Что они спрашивают: { $note }
email-answer-here = Ответьте на странице статуса, там же можно отправить файлы (JPEG, PNG или PDF):
email-answer-link = Ответьте на странице статуса
email-answer-link-rest = , там же можно отправить файлы (JPEG, PNG или PDF).
email-answer-no-link = Ответьте на странице статуса, там же можно отправить файлы (JPEG, PNG или PDF): ссылка — в письме с подтверждением.
email-keeps-place = Пока вы отвечаете, заявка сохраняет место.
email-status-link = Вы снова запросили ссылку на страницу статуса. Вот она, ниже: она заменяет прежнюю, которая больше не работает.
email-status-link-ignore = Если вы её не запрашивали, просто не обращайте внимания на это письмо: новая ссылка есть только у того, кто может читать вашу почту.
email-withdrawn = Ваша заявка на дистанцию «{ $race }» отозвана, как вы просили. Её место переходит следующему в листе ожидания, от вас больше ничего не требуется.
email-withdrawn-then = Передумали? Пока регистрация открыта, можно зарегистрироваться снова: форма на сайте.
email-answer-received = Спасибо: ваш ответ по заявке на дистанцию «{ $race }» и присланные файлы получила организация «{ $organisation }». Пока они рассматривают его, заявка сохраняет место; ответ придёт по электронной почте.
email-your-answer = Ваш ответ: { $note }
email-document-refused = Организации «{ $organisation }» нужна новая копия документа для вашей заявки на дистанцию «{ $race }».
email-document-refused-named = Организации «{ $organisation }» нужна новая копия документа для вашей заявки на дистанцию «{ $race }»: { $document }.
email-why = Причина: { $note }
email-upload-again = Загрузите его ещё раз на странице статуса (JPEG, PNG или PDF):
email-upload-again-link = Загрузите его ещё раз на странице статуса
email-upload-again-link-rest = {" "}(JPEG, PNG или PDF).
email-upload-again-no-link = Загрузите его ещё раз на странице статуса (JPEG, PNG или PDF): ссылка — в письме с подтверждением.
email-details-changed = Данные вашей заявки на дистанцию «{ $race }» исправлены, как вы просили на странице статуса.
email-what-changed = Что изменилось: { $note }
email-not-you = Если это изменение сделали не вы, сразу ответьте на это письмо.
email-transferred = Теперь ваша заявка — на дистанцию «{ $race }», как вы просили на странице статуса. Номер заявки прежний, её по-прежнему рассматривает организация «{ $organisation }».
email-erasure = Вы попросили удалить вашу заявку и всё, что о ней хранится. Чтобы подтвердить, откройте эту ссылку в течение 24 часов и нажмите кнопку:
email-erasure-link = Подтвердить удаление заявки
email-erasure-final = Удаление нельзя отменить: заявка, занимающая место, уступит его следующему в листе ожидания, а ваша страница статуса перестанет работать.
email-erasure-ignore = Если вы этого не просили, не обращайте внимания на письмо: без этой ссылки ничего не удаляется.
