# PIM Registration: English, the reference for every translation.

site-name = Pyongyang International Marathon
site-tagline = Foreign entries
site-footer = Start and finish at Kim Il Sung Stadium, Pyongyang. Questions about an entry: reply to your confirmation email.
language-switch = Language
required = required
event-name = Pyongyang International Marathon { $edition }
places-left = { $count ->
    [one] { $count } place
   *[other] { $count } places
}

## The registration form
register-title = Register
register-heading = Register for the { $event }
register-lead = Race day is { $race_day }. Fill in this form once per runner; answers marked * are required. We tell you straight away which organisation handles your entry, and why.
register-registered-already = Registered already?
register-recover-link = Get the link to your status page again
register-about-you = About you
field-given-name = Given name(s)
field-family-name = Family name
hint-as-in-passport = As written in your passport.
field-email = Email
hint-email = We send your confirmation and every update here.
field-date-of-birth = Date of birth
hint-date-of-birth = As in your passport.
field-sex = Sex
hint-sex = Elite standards differ for women and men.
sex-female = Female
sex-male = Male
field-nationality = Nationality
hint-nationality = The country that issued your passport.
choose-country = Choose your country
register-passport = Passport
field-passport-number = Passport number
hint-passport-number = Letters and digits as printed in your passport.
field-passport-expiry = Passport expiry date
hint-passport-expiry = DPRK entry rule: it must be valid until at least { $date }.
register-your-race = Your race
field-distance = Distance
hint-distance = Every race starts at 09:00 at Kim Il Sung Stadium. Minimum ages are on race day.
race-full = Marathon (42.195 km)
race-half = Half marathon (21.0975 km)
race-10k = 10 km
race-5k = 5 km
race-facts = Entry fee USD { $fee } · time limit { $limit } · from age { $age }
time-limit-minutes = { $minutes } min
time-limit-hours = { $hours } h
time-limit-hours-minutes = { $hours } h { $minutes } min
field-category = Category
category-amateur = Amateur
category-elite = Elite: invited by the Ministry of Physical Culture and Sports, strictly by qualifying time
hint-elite = Elite runners only: a time at the same distance, run within the qualifying window and no later than today.
field-qualifying-time = Qualifying time
hint-qualifying-time = H:MM:SS, or MM:SS under an hour: for example 2:28:15 or 31:40.
field-qualifying-date = Date of the qualifying race
field-qualifying-race = Qualifying race
hint-qualifying-race = Its name and place, for example Berlin Marathon 2026.
field-evidence-url = Link to the official results
hint-evidence-url = Starting with https://.
register-emergency = Emergency contact
field-emergency-name = Name
hint-emergency-name = Someone not travelling with you.
field-emergency-phone = Phone
hint-emergency-phone = With the country code, for example +44 20 7946 0958.
consent = I agree that my personal data, passport details included, are processed to handle this entry and passed to the organisation that handles it.
register-send = Send my registration
