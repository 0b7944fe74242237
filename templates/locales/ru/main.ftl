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
