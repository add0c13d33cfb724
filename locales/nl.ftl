# unitcred's words in Nederlands. Every file holds the same keys; a test checks it.

## atype
atype-oral = mondelinge proef
atype-portfolio = portfolio
atype-practical = praktische proef
atype-written = schriftelijke proef
atype-project = projectwerk
atype-continuous = permanente evaluatie

## award
award-confirmed = toegekend
award-issued = toegekend
award-pending = in afwachting
award-refused = geweigerd
award-revoked = ingetrokken

## check
check-contexts = Vocabularia (JSON-LD-contexten)
check-controller = Sleutel behoort tot de uitgever
check-edc-controller = Het zegelcertificaat noemt de uitgever
check-edc-key_resolution = Zegelcertificaat
check-edc-proof = Elektronisch zegel (JAdES)
check-edc-schema = Structuur (European Learning Model)
check-edc-trust = Certificatieautoriteit en uitgever vertrouwd
check-key_resolution = Sleutel van de uitgever
check-legacy_claims = JWT-velden
check-parsing = Formaat
check-parts = Eenheden van de kwalificatie
check-proof = Handtekening
check-schema = Structuur (Open Badges 3.0)
check-status = Status (intrekking, schorsing)
check-trust = Vertrouwen in de uitgever
check-validity_period = Geldigheidsperiode

## console
console-accept = Erkennen
console-access_created = Persoonlijke link gemaakt: geef hem aan de leerling; hij wordt niet meer getoond.
console-access_expired = verlopen
console-access_link = Persoonlijke link maken
console-access_links = Persoonlijke links van de leerling
console-access_revoked = ingetrokken
console-access_revoked_notice = Link ingetrokken: hij opent niets meer en de sessies ermee zijn gesloten.
console-action = Actie
console-actions = Acties
console-actor = Wie
console-add = Toevoegen
console-already = Al opgeslagen
console-another_file = Ander bestand importeren
console-assessment_type = Soort proef
console-assessor = Beoordelaar
console-at = Wanneer
console-audit_broken = Auditketen verbroken!
console-audit_intact = Auditketen intact.
console-awaiting_jury = Wachtend op de jury
console-award = Kwalificatie
console-awards_lead = Als alle eenheden van een profiel met jury gevalideerd zijn, wacht de kwalificatie op uw beslissing.
console-bad_json = Onleesbare JSON
console-bad_login = Verkeerd e-mailadres of wachtwoord. Na 5 mislukte pogingen wordt de account 15 minuten geblokkeerd.
console-code = Code
console-confirm = Toekennen
console-created = Aangemaakt
console-credential_issued = Bewijs uitgereikt.
console-credentials_issued = eenheidsbewijzen uitgereikt
console-date = Datum
console-decided = Beslissing opgeslagen.
console-decision = Beslissing
console-detail = Detail
console-disable = Uitschakelen
console-disabled = uitgeschakeld
console-draft = ontwerp
console-email = E-mailadres
console-external_ref = Schoolreferentie
console-family_name = Achternaam
console-field = Veld
console-foreign_achievement = Buitenlandse eenheid
console-given_name = Voornaam
console-history = Evaluaties
console-import = Importeren
console-import_profiles = Profiel of referentiekader importeren
console-import_title = Import van resultaten
console-imported = geïmporteerd
console-in_use = in gebruik (vergrendeld)
console-key = Sleutel
console-keys_lead = De actieve sleutel ondertekent nieuwe bewijzen; oudere blijven verifieerbaar met hun oude sleutel.
console-label = Label
console-language = Taal
console-line = Regel
console-login = Aanmelden personeel
console-mandatory = verplicht
console-message = Bericht
console-name = Naam
console-new_learner = Leerling inschrijven
console-new_staff = Personeelslid toevoegen
console-no_file = Kies een bestand.
console-optional = keuze
console-outcome = Resultaat
console-password = Wachtwoord
console-password_hint = Minstens 12 tekens.
console-pending_awards = kwalificaties wachtend op de jury
console-profile = Profiel
console-profile_hint = Een profiel (schemas/profile.schema.json) of een referentiekader met "profiles".
console-profile_json = Of plak het JSON-document
console-progress = Voortgang
console-proposed_unit = voorgestelde eenheid
console-qualification_issued = Kwalificatie uitgereikt.
console-qualifications_issued = Kwalificaties uitgereikt
console-reason = Reden
console-recognitions = Eenheden van elders (erkenning)
console-record = Evaluatieresultaat invoeren
console-recorded = Resultaat opgeslagen.
console-recorded_rows = Opgeslagen
console-referential_file = Bestand van het referentiekader (JSON)
console-refuse = Weigeren
console-reinstate = Herstellen
console-rejected = Geweigerd
console-remediation = Remediëringsnota (indien niet gevalideerd)
console-results_file = Resultatenbestand (CSV of JSON)
console-results_format = CSV-kolommen: learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note
console-results_hint = Resultatenbestand van een groep opladen
console-results_lead = Eén bestand per groep: één regel per leerling en eenheid. Bewijzen worden tijdens de import uitgereikt; hetzelfde bestand opnieuw sturen geeft geen dubbels.
console-retired = Buiten gebruik
console-reviews = Herzieningen van kwalificaties
console-reviews_lead = Een kwalificatie waarvan een eenheid werd ingetrokken, is geschorst tot uw beslissing: herstellen of intrekken, met een reden.
console-revoke = Intrekken
console-revoked_unit = Ingetrokken eenheid
console-role = Rol
console-rotate = Ondertekeningssleutel vernieuwen
console-rotated = Nieuwe sleutel actief.
console-row_errors = Geweigerde regels
console-rows = Regels
console-save = Opslaan
console-sector = Sector
console-shown = Getoonde regels (recentste eerst)
console-sign_in = Aanmelden
console-staff_added = Account aangemaakt.
console-staff_disabled = Account uitgeschakeld; sessies gesloten.
console-status_changed = Status gewijzigd; de gepubliceerde statuslijst toont het.
console-suspend = Schorsen
console-throttled = Te veel mislukte pogingen vanaf dit adres. Probeer het over 15 minuten opnieuw.
console-title = Schoolconsole
console-units_issued = Eenheidsbewijzen uitgereikt
console-upload = Bestand importeren
console-version = Versie

## err
err-bad_form = Onvolledig formulier.
err-csrf = Dit formulier kon niet worden gecontroleerd (beveiligingstoken ontbreekt of komt van een andere site). Laad de pagina opnieuw.
err-csrf-title = Formulier verlopen
err-internal = Er is een interne fout opgetreden; probeer het later opnieuw.

## footer
footer = unitcred · ondertekende bewijzen van eenheden leerresultaten (ECVET, Europass)

## home
home-console = Schoolpersoneel: referentiekader, resultaten, jury, intrekkingen, sleutels.
home-lead = Elke gevalideerde eenheid leerresultaten krijgt een ondertekend bewijs; de kwalificatie volgt als alle eenheden gevalideerd zijn.
home-learner = Je voortgang, je bewijzen en je bundel, met de link van je school.
home-title = Bewijzen van eenheden en kwalificaties
home-verify = Werkgever of opleider: verifieer een bewijs, een bundel of een presentatie.

## job
job-done = Import voltooid.
job-failed = Import geweigerd.
job-interrupted = Import onderbroken (server gestopt): stuur het bestand opnieuw, niets wordt dubbel uitgereikt.
job-running = Import bezig…

## key
key-active = actief
key-compromised = gecompromitteerd
key-retired = buiten gebruik

## kind
kind-credential = Bewijs
kind-edc = Europese digitale credential (Europass)
kind-qualification = Kwalificatie
kind-record = Volledig overzicht (CLR)
kind-unit = Eenheid leerresultaten

## learner
learner-back = Terug naar mijn pagina
learner-bad_code = Deze code of link is niet geldig (onbekend, verlopen of ingetrokken). Vraag je school om een nieuwe.
learner-bundle_hint = Al je bewijzen, je overzicht en een pdf met QR-codes, ook offline te verifiëren.
learner-code = Persoonlijke code
learner-credential = Bewijs
learner-credentials = Bewijzen
learner-download = Mijn bundel downloaden (.zip)
learner-ecvet_required = vereiste ECVET-punten
learner-europass = Downloaden voor Europass
learner-hello = Hallo
learner-in_all = in totaal
learner-issued = Uitgegeven op
learner-json = Ondertekend bewijs tonen (JSON)
learner-jury = Alle eenheden zijn gevalideerd: de kwalificatie wacht op de beslissing van de jury.
learner-lead = Voer de persoonlijke code van je school in (begint met ucl_), of open de link die je kreeg.
learner-need_code = Open eerst je pagina met je code of link.
learner-offer-alt = QR-code van het aanbod
learner-offer-expires = Geldig tot
learner-offer-lead = Scan deze QR-code met je wallet-app (OpenID4VCI).
learner-offer-open = Openen in de wallet van dit toestel
learner-offer-title = Toevoegen aan mijn wallet
learner-open = Mijn pagina openen
learner-points = Behaalde ECVET-punten
learner-standing = { $validated } van { $total } eenheden gevalideerd
learner-remaining = { $count ->
    [one] deze eenheid blijft over:
   *[other] deze { $count } eenheden blijven over:
}
route-prior_learning = gevalideerd door een jury (eerder verworven competenties)
route-work_based = beoordeeld op de werkplek
unit-awaiting_cosignature = wacht op de medeondertekening van de school
learner-qualified = Kwalificatie behaald.
learner-refused = Deze pagina hoort bij een andere leerling: je code opent alleen de jouwe.
learner-refused-title = Toegang geweigerd
learner-school = School
learner-see = Details
learner-share = Verificatielink om te delen
learner-state = Status
learner-title = Mijn voortgang
learner-tx_code = Code om in te voeren in de wallet:
learner-unit = Eenheid
learner-unit_title = Titel
learner-units = Eenheden
learner-verify = Verifiëren
learner-wallet = Toevoegen aan mijn digitale wallet
learner-wallet_all = Al mijn credentials naar mijn wallet (één scan)

## nav
nav-audit = Auditlogboek
nav-awards = Jury
nav-console = Schoolconsole
nav-dashboard = Overzicht
nav-home = Startpagina
nav-keys = Sleutels
nav-label = Hoofdnavigatie
nav-languages = Taal
nav-learner = Leerling
nav-learners = Leerlingen
nav-logout = Afmelden
nav-profiles = Kwalificatieprofielen
nav-results = Resultaten van de groep
nav-skip = Naar de inhoud
nav-staff = Personeel
nav-verify = Verifiëren

## outcome
outcome-not_validated = niet gevalideerd
outcome-validated = gevalideerd

## recognition
recognition-accepted = erkend
recognition-proposed = voorgesteld
recognition-refused = geweigerd

## role
role-admin = beheerder
role-assessor = beoordelaar

## state
state-failed = mislukt
state-passed = geslaagd
state-skipped = niet gecontroleerd
state-warning = let op

## status
status-active = actief
status-revoked = ingetrokken
status-suspended = geschorst

## unit
unit-from = erkend van
unit-pending = nog niet
unit-recognised = erkend (elders)
unit-remediation = in remediëring
unit-revoked = ingetrokken (telt niet meer)
unit-validated = gevalideerd

## verdict
verdict-fail = Niet geldig
verdict-failed_check = mislukte controle:
verdict-ok = Geldig
verdict-warn = Geldig, met een voorbehoud

## verify
verify-again = Iets anders verifiëren
verify-all_ok = Alles geverifieerd.
verify-awarded = Toegekend op
verify-bundle_broken = Bundel gewijzigd
verify-bundle_intact = Bundel intact: elk bestand komt overeen met zijn vingerafdruk
verify-bundle_signed = manifest ondertekend door
verify-checks = Controles
verify-contains = Opgenomen bewijzen
verify-count = Gecontroleerde bewijzen
verify-ecvet = ECVET-punten
verify-eqf = EQF-niveau
verify-err-empty = Plak een bewijs of kies een bestand.
verify-err-json = Deze tekst lijkt op JSON maar is ongeldig: controleer of hij volledig is.
verify-err-none = Geen bewijs gevonden in wat werd verstuurd.
verify-err-not_found = Geen bewijs met deze identificatie op deze server.
verify-err-too_many = Te veel bewijzen tegelijk (maximaal 60).
verify-err-unknown = Dit is geen JSON-bewijs, geen JWT en geen .zip-bundel.
verify-err-unreadable = Dit bestand is geen tekst en geen .zip-bundel.
verify-err-zip = Dit .zip-bestand is onleesbaar.
verify-files = bestanden
verify-hashed = geïdentificeerd via gezouten hash
verify-holder = Houder
verify-issuer = Uitgegeven door
verify-kind = Soort
verify-kind-bundle = Bundel van de leerling
verify-kind-list = Lijst van bewijzen
verify-kind-presentation = Presentatie
verify-kind-single = Resultaat van de verificatie
verify-lead = Plak een bewijs (JSON of JWT), een presentatie of een lijst, of laad het bestand of de bundel (.zip) van de leerling op. Handtekening, uitgever, status en geldigheid worden gecontroleerd.
verify-learner = Lerende
verify-no_end = zonder einddatum
verify-not_all_ok = Minstens één controle is mislukt: zie hieronder.
verify-other = Een ander bewijs verifiëren
verify-paste = Te verifiëren bewijs
verify-paste_hint = De volledige tekst, zoals ontvangen.
verify-private = Niets van wat u verstuurt wordt bewaard.
verify-seal = Zegel
verify-submit = Verifiëren
verify-title = Een bewijs verifiëren
verify-unnamed = niet vermeld
verify-unproven = De inhoud hieronder wordt niet door de uitgever gewaarborgd: vertrouw er niet op.
verify-untitled = Bewijs zonder titel
verify-upload = Of een bestand (.json, .jwt, bundel .zip)
verify-valid_from = Geldig vanaf
verify-valid_until = Geldig tot

## transcript (the learner's transcript, HTML and PDF)
transcript-title = Persoonlijk overzicht van leerresultaten
transcript-learner = Lerende
transcript-issuer = Uitgever
transcript-as_of = Stand op
transcript-unit = Eenheid
transcript-qualification = Kwalificatie
transcript-points = ECVET-punten
transcript-eqf = EQF-niveau
transcript-issued = Uitgereikt
transcript-status = Status
transcript-file = Bestand (SHA-256)
transcript-active = geldig
transcript-suspended = geschorst
transcript-revoked = ingetrokken
transcript-snapshot = Statuslijsten opgehaald op
transcript-offline = Elk bestand in deze bundel is ondertekend en offline te verifiëren: unitcred verify BUNDEL.zip
transcript-verify = Verifiëren
transcript-page = Pagina

## card (the picture an EDC carries)
card-unit = Eenheid leerresultaten
card-qualification = Kwalificatie
card-awarded_to = uitgereikt aan
card-points = ECVET-punten
card-eqf = EQF-niveau

## text (a cause quoted as it was reported)
text = { $text }

## v (the verifier's check lines)
v-not_reached = niet bereikt
v-body_shape = de body moet {"{"}"verifiableCredential": …{"}"} zijn
v-edc_unsealed = een Europees digitaal bewijs is alleen verzegeld geldig (JAdES); dit draagt geen zegel
v-envelope_id = een EnvelopedVerifiableCredential heeft een id data:application/vc+jwt,<token> nodig
v-envelope_context = de @context van een EnvelopedVerifiableCredential moet { $url } bevatten
v-first_context = de eerste @context moet { $url } zijn
v-unknown_context = context { $url } is er geen die deze verificateur bewaart
v-embedded_context = ingebedde contexten worden niet aanvaard
v-contexts = { $count ->
    [one] { $count } vastgezette context
   *[other] { $count } vastgezette contexten
}
v-key_revoked = { $key } is ingetrokken (gecompromitteerd) sinds { $since }; dit bewijs is gemaakt op { $when }
v-key_revoked_undated = { $key } is ingetrokken (gecompromitteerd) sinds { $since }; onbekend wanneer dit bewijs is gemaakt
v-key_resolved = { $key } gevonden
v-controller_mismatch = sleutelbeheerder { $key } is niet de uitgever { $issuer }
v-controller = de sleutel behoort toe aan de uitgever
v-no_registry = geen vertrouwensregister geraadpleegd
v-issuer_unknown = handtekening geldig, uitgever onbekend: { $detail }
v-validity_reversed = validFrom ligt na validUntil
v-not_yet_valid = geldig vanaf { $when }, nu { $now }
v-expired = verlopen op { $when }, nu { $now }
v-valid_at = geldig op { $now }
v-no_schema = het bewijs noemt geen schema
v-schema_no_id = een credentialSchema-item heeft geen id
v-schema_violation = { $id }: { $detail }
v-schema_unknown = schema('s) niet offline beschikbaar, niet gecontroleerd: { $list }
v-schema_valid = geldig volgens { $list }
v-parsed_di = { $count ->
    [one] VC 2.0-bewijs met { $count } proof
   *[other] VC 2.0-bewijs met { $count } proofs
}
v-proof_purpose = proofPurpose { $purpose } is geen assertionMethod
v-signature_valid = { $suite }-handtekening geldig
v-signature_mismatch = de handtekening past niet bij het bewijs
v-jsonld_failed = JSON-LD-verwerking mislukt: { $cause }
v-jose_alg = JOSE-algoritme { $alg } wordt niet aanvaard; alleen EdDSA
v-jws_not_json = de inhoud van de JWS is geen JSON
v-vcjwt_members = een vc+jwt-inhoud bevat vc noch proof
v-parsed_jws = compacte JWS ({ $form }), algoritme EdDSA
v-iss_mismatch = de iss-claim verschilt van de uitgever
v-jws_valid = EdDSA-handtekening geldig
v-token_mismatch = de handtekening past niet bij het token
v-no_status = geen statusvermelding
v-status_offline = statuslijsten niet geraadpleegd (offline verificatie)
v-status_unavailable = status { $purpose } niet beschikbaar: { $why }
v-status_set = { $status }: de uitgever zette bit { $index } van { $url }
v-status_clear = niet gemarkeerd ({ $list })
v-seal_alg = zegelalgoritme { $alg } wordt niet aanvaard; alleen RS256, PS256 en ES256
v-sealed_not_json = de verzegelde inhoud is geen JSON: { $cause }
v-sealed_not_edc = de verzegelde inhoud is geen EuropeanDigitalCredential
v-x5c_empty = x5c is leeg
v-parsed_edc = Europees digitaal bewijs, JAdES { $level }-zegel ({ $serialization }-serialisatie), { $alg }
v-parsed_edc_unencoded = Europees digitaal bewijs, JAdES { $level }-zegel ({ $serialization }-serialisatie, niet-gecodeerde inhoud), { $alg }
v-edc_contexts = de @context van een EDC is [{ $vc }, { $edc }], beide offline bewaard
v-edc_contexts_ok = VC 1.1- en ELM EDC-contexten
v-seal_certificate = zegelcertificaat { $subject } (uitgegeven door { $issuer }), uit het zegel zelf
v-seal_org = de organisatie-identificatie van het zegelcertificaat, { $org }, is die van de uitgever
v-seal_org_mismatch = de eIDAS-identificatie van de uitgever, { $issuer }, is niet de organisatie-identificatie van het zegelcertificaat, { $org }
v-seal_valid = { $alg }-zegel geldig over de exacte verzegelde bytes
v-seal_mismatch = het zegel past niet bij de verzegelde bytes
v-shape_ok = de structuurregels van de ELM EDC-vorm worden nageleefd ({ $count } knopen)
v-shape_violation = ELM EDC-vorm: { $detail }
v-edc_status_other = de status { $url } is geen vermelding in een bitstring-statuslijst: niet gecontroleerd
v-certificate_period = het zegelcertificaat was geldig van { $from } tot { $until }, niet op het moment dat het zegel zegt te zijn geplaatst ({ $when })
v-no_seal_cas = geen vertrouwenslijst van zegelautoriteiten geraadpleegd
v-seal_unchecked = zegel intact, certificaat niet gecontroleerd: { $detail }
v-seal_untrusted_chain = het zegelcertificaat ({ $issuer }) leidt niet naar een vertrouwde zegelautoriteit: { $why }
v-seal_untrusted = zegel intact, niet vertrouwd: { $detail }
v-sealed_trusted_ca = verzegeld door { $subject } onder een vertrouwde autoriteit ({ $anchor }); geen vertrouwensregister geraadpleegd
v-certificate_trusted = certificaat vertrouwd ({ $anchor }); { $detail }
v-seal_issuer_unknown = zegel geldig en certificaat vertrouwd, uitgever onbekend: { $detail }
v-parts = { $count ->
    [one] { $count } vermeld eenheidsbewijs
   *[other] { $count } vermelde eenheidsbewijzen
}
v-part_no_copy = er is geen kopie van dit bewijs meegegeven of hier bewaard
v-part_digest = de vingerafdruk past niet bij de relatedResource van het kwalificatiebewijs
v-part_failed = eenheidsbewijs { $id }: { $detail }

## trust (what the trust registry says of an issuer)
trust-not_listed = { $issuer } staat niet in het vertrouwensregister van deze server
trust-no_achievement = { $name } ({ $country }) is bekend; het bewijs noemt geen leerresultaat om een erkenning aan te toetsen
trust-authorised = { $name } ({ $country }) is voor dit leerresultaat erkend door { $authority }
trust-not_authorised = { $name } is niet erkend om { $id } te certificeren
trust-not_authorised_on = { $name } was op { $when } niet erkend om { $id } te certificeren (erkend { $list })

## problem (the API's refusals, by code, as the console shows them; detail: the API's words)
problem-validation_failed = Sommige velden zijn niet geldig: { $detail }
problem-unauthorized = Meld u eerst aan.
problem-forbidden = Uw rol mag dat niet; vraag het een beheerder.
problem-learner_not_found = Lerende niet gevonden.
problem-profile_not_found = Kwalificatieprofiel niet gevonden.
problem-unit_not_found = Eenheid niet gevonden.
problem-credential_not_found = Bewijs niet gevonden.
problem-provider_not_found = Instelling niet gevonden.
problem-award_not_found = Toekenning niet gevonden.
problem-not_found = Niet gevonden.
problem-payload_too_large = Het bestand of formulier is te groot.
problem-unsupported_media_type = Dit soort bestand wordt niet aanvaard: { $detail }
problem-internal = Er ging iets mis op de server; er is niets gewijzigd. Probeer het later opnieuw.
problem-already_exists = Het bestaat al: { $detail }
problem-conflict = Dit botst met wat is vastgelegd: { $detail }
problem-nothing_to_offer = Er is niets aan te bieden: { $detail }
problem-invalid_credential = Het credential voldoet niet aan het VC 2.0-datamodel: { $detail }
problem-invalid_option = Deze optie wordt niet aanvaard: { $detail }
problem-ambiguous_credential = Meerdere credentials komen overeen: { $detail }
problem-status_purpose = De statusvermelding van het credential laat dit niet toe: { $detail }
problem-malformed_json = Het bestand is geen geldige JSON: { $detail }
problem-unreadable_body = Het verzoek kon niet gelezen worden: { $detail }
problem-malformed_request = Het verzoek heeft niet de verwachte vorm: { $detail }
problem-too_many_credentials = Te veel bewijzen tegelijk: { $detail }
problem-request_timeout = De server deed er te lang over; probeer opnieuw.
problem-method_not_allowed = Die handeling is hier niet mogelijk.
problem-too_many_requests = Te veel pogingen; wacht even en probeer opnieuw.
problem-bad_request = Het verzoek is niet geldig: { $detail }
problem-no_seal_certificate = Er is nog geen certificaat voor een elektronisch zegel geïnstalleerd: een beheerder installeert er een voordat Europass-bewijzen uitgereikt kunnen worden.
problem-key_compromised = Deze sleutel is al als gecompromitteerd gemarkeerd.
problem-did_key_fixed = Een did:key-identificatie is haar sleutel en kan niet wisselen; gebruik een did:web-instelling.
problem-empty_record = De lerende heeft nog geen bewijs.
problem-import_in_progress = Een andere import legt dezelfde resultaten vast; start deze opnieuw wanneer die klaar is.
problem-recognition_conflict = Hetzelfde bewijs werd op hetzelfde moment ingediend; probeer opnieuw.
problem-unit_already_validated = De lerende heeft al een bewijs voor deze eenheid; er valt niets te erkennen.
problem-recognition_decided = Over deze erkenning is al beslist.
problem-credential_revoked = Het bewijs is ingetrokken; een intrekking kan niet ongedaan gemaakt worden.
problem-already_suspended = Het bewijs is al geschorst.
problem-not_suspended = Alleen een geschorst bewijs kan hersteld worden.
problem-review_decided = Over deze herbeoordeling is al beslist.
problem-award_decided = Over deze toekenning is al beslist.
problem-rule_not_satisfied = De lerende voldoet niet meer aan de regel van de kwalificatie.
problem-already_issued = Het kwalificatiebewijs bestaat al.
problem-email_taken = Een personeelsaccount gebruikt dit e-mailadres al.
problem-profile_locked = Onder deze versie van het profiel zijn al bewijzen uitgereikt: publiceer liever een nieuwe versie ({ $detail }).
problem-not_placed = Deze lerende is op die datum niet bij uw bedrijf geplaatst: { $detail }
problem-cosignature_pending = Een resultaat van de mentor voor deze eenheid wacht al op de medeondertekening van de school.
problem-already_decided = Dit resultaat is al bevestigd of geweigerd.
problem-company_not_found = Onbekend bedrijf.
problem-procedure_not_found = Onbekende validatieprocedure.

## Presentation requests of the verifier page (OpenID4VP)
vpr-title = Een presentatie vragen
vpr-lead = Vraag de wallet van de leerling om zijn credentials te presenteren: de wallet ondertekent de presentatie met de eigen sleutel van de leerling, zodat u weet dat wie ze voorlegt ook degene is aan wie ze werden uitgereikt.
vpr-start = Een aanvraag maken
vpr-private = Wat de wallet presenteert, wordt alleen bewaard tot de aanvraag verloopt (10 minuten).
vpr-or_paste = Of een credential plakken of uploaden
vpr-scan = Laat de leerling deze code scannen met zijn wallet (OpenID4VP). Deze pagina toont het resultaat zodra de wallet heeft geantwoord.
vpr-qr = QR-code van de presentatieaanvraag
vpr-open_wallet = Openen in een wallet op dit toestel
vpr-expires = De aanvraag verloopt om
vpr-refresh = Herlaad deze pagina wanneer de leerling heeft geantwoord.
vpr-check = Kijken of er een antwoord is
vpr-answered = Presentatie ontvangen
vpr-holds = De persoon die presenteert, houdt deze credentials, en alle controles zijn geslaagd.
vpr-presenter = Gepresenteerd door
vpr-again = Een andere presentatie vragen
vpr-expired = Deze presentatieaanvraag bestaat niet of is verlopen.
verify-ask_wallet = Of de wallet van de leerling om een presentatie vragen

## Learner search and pages
console-search = Zoeken (naam, e-mail, referentie)
console-search_button = Zoeken
console-no_match = Geen leerling komt overeen met deze zoekopdracht.
console-next_page = Volgende pagina

## Key compromise in the console
console-compromise = Een sleutel als gecompromitteerd melden
console-compromise_lead = Als een privésleutel kan zijn uitgelekt: bewijzen die hij sinds de opgegeven datum (UTC; leeg: nu) maakte, worden geweigerd, en een ondertekeningssleutel wordt meteen vervangen. Dit is definitief.
console-compromise_since = Gecompromitteerd sinds (UTC)
console-compromise_button = Als gecompromitteerd melden
console-compromise_done = De sleutel is als gecompromitteerd gemeld.
console-older = Oudere regels

## Foreign units from the console
console-foreign_submit = Een elders behaalde eenheid inbrengen
console-foreign_credential = Eenheidscredential van een andere school of een ander land
console-foreign_hint = Plak het zoals ontvangen (JSON of JWT). Het wordt gecontroleerd en daarna voor erkenning voorgesteld.
console-foreign_button = Controleren en voorstellen
console-foreign_submitted = Het credential is geregistreerd voor erkenning: zie het oordeel hierboven.
role-tutor = mentor in het bedrijf
nav-workplace = Bedrijven
nav-tutor = Mijn leerlingen
nav-validations = Eerder verworven competenties
nav-credentials = Credentials
console-workplace_lead = Bedrijven die lerenden opnemen, wie waar geplaatst is, en de resultaten van mentoren die op de medeondertekening van een schoolbeoordelaar wachten voordat de eenheid wordt uitgereikt.
console-cosignatures = Resultaten ter medeondertekening
console-no_cosignatures = Geen resultaat van een mentor wacht.
console-company = Bedrijf
console-tutor = Mentor
console-cosign = Medeondertekenen
console-companies = Bedrijven
console-country = Land (ISO-code)
console-company_identifier = Ondernemingsnummer
console-add_company = Bedrijf toevoegen
console-place = Een lerende plaatsen
console-from = Van
console-until = Tot
console-place_button = Plaatsen
console-tutor_lead = De lerenden die bij uw bedrijf geplaatst zijn. Registreer het resultaat van een eenheid zoals u het op het werk zag: de school wordt ingelicht en, als de eenheid het vraagt, ondertekent een schoolbeoordelaar mee voordat de credential wordt uitgereikt.
console-no_placements = Momenteel is geen lerende bij uw bedrijf geplaatst.
console-company_added = Bedrijf toegevoegd.
console-placed = Lerende geplaatst.
console-awaiting_cosignature = Resultaat geregistreerd: het wacht op de medeondertekening van de school.
console-validations_lead = Erkenning van eerder verworven competenties: de ervaring van een volwassene, getoond in een portfolio en beoordeeld door een jury, valideert eenheden één voor één of per blok. Gevalideerde eenheden worden uitgereikt zoals alle andere (leeromgeving: niet-formeel); de rest kan later volgen.
console-open_validation = Een validatie openen
console-candidate = Kandidaat
console-no_validations = Nog geen validatieprocedure.
console-portfolio = Portfolio
console-portfolio_hint = Documenten worden voor de jury bewaard; een credential vermeldt alleen hun SHA-256-digest en beschrijving.
console-document = Document
console-document_description = Wat het toont
console-add_document = Document toevoegen
console-document_added = Document toegevoegd.
console-validation_opened = Validatie geopend.
console-jury_decision = Beslissing van de jury
console-jury = Jury
console-methods = Methoden
console-evidence = Documenten waarop de beslissing steunt
console-units_decided = Beslist over eenheden
console-decide = Beslissing registreren
console-standing = Waar de kandidaat staat
console-credentials_lead = Alle credentials die de school uitreikte, de nieuwste laatst, pagina per pagina.
console-kind = Soort
nav-portability = Erkenning
console-portability_lead = Erkenningstabellen zeggen welke buitenlandse leerresultaten hier als welke eenheid gelden; het vertrouwensregister zegt welke uitgevers deze server vertrouwt, waarvoor en sinds wanneer.
console-tables = Erkenningstabellen
console-no_lines = Nog geen regel: buitenlandse eenheden worden één voor één beslist.
console-remove = Verwijderen
console-or_title = of de titel (Europass-credential)
console-add_line = Regel toevoegen
console-table_saved = Erkenningstabel opgeslagen.
console-registry = Vertrouwensregister
console-registry_lead = Het register is van de beheerder van de server, voor alle scholen erop: elke wijziging gebeurt met het beheerderstoken, in het formulier getypt en nooit bewaard. Een uitgever schorsen beëindigt vandaag zijn machtigingen; wat hij eerder certificeerde, blijft vertrouwd.
console-issuer = Uitgever
console-authorisations = Machtigingen
console-operator_token = Beheerderstoken
console-authorised_achievement = Leerresultaat dat hij mag certificeren (id)
console-scope = Bereik
console-authority = Op wiens gezag
console-add_issuer = Uitgever toevoegen
console-registry_saved = Vertrouwensregister bijgewerkt.
console-first_page = Eerste pagina
verify-setting = Leeromgeving
setting-formal = formeel (school, opleidingscentrum)
setting-non_formal = niet-formeel (erkenning van eerder verworven competenties)
verify-route = Hoe er beoordeeld werd
workplace-pending = wacht op de medeondertekening van de school
workplace-confirmed = medeondertekend door de school: credential uitgereikt
workplace-refused = niet bevestigd door de school
problem-document_in_use = Een beslissing van de jury steunt op dit document; het blijft bewaard.
console-document_removed = Document verwijderd.
vp-challenge_theirs = de challenge van de aanroeper (niet door deze server uitgereikt)
vp-challenge_used = hier uitgereikt, nu opgebruikt
vp-challenge_replayed = op deze challenge antwoordde al een presentatie
vp-challenge_expired = deze challenge is verlopen
vp-challenge_other_domain = deze challenge werd voor een ander domein uitgereikt
vp-envelope_context = de @context van een omhulde presentatie moet { $url } bevatten
vp-envelope_id = de id van een omhulde presentatie moet data:application/vp+jwt,<token> zijn
vp-not_object = een presentatie is een JSON-object
vp-first_context = @context moet beginnen met { $url }
vp-type = type moet VerifiablePresentation bevatten
vp-holder_url = holder moet een URL zijn of een object met een URL als id
vp-credentials_shape = verifiableCredential moet een credential of een lijst van credentials zijn
vp-parsed = een VC Data Model 2.0-presentatie
vp-unknown_context = { $url } is geen context die met deze dienst meekomt (er wordt niets opgehaald)
vp-contexts = { $count ->
    [one] { $count } context, niets opgehaald
   *[other] { $count } contexten, niets opgehaald
}
vp-key = { $key } (authenticatie)
vp-holder_mismatch = ondertekend door { $presenter }, niet door de houder die ze noemt, { $holder }
vp-presented_by = gepresenteerd door { $presenter }
vp-wrong_purpose = een presentatie wordt bewezen voor authenticatie, niet voor { $purpose }
vp-no_challenge = het bewijs draagt geen challenge
vp-other_challenge = het bewijs antwoordt op een andere challenge
vp-domain = het bewijs is niet aan het domein { $domain } gebonden
vp-signature = { $suite }-handtekening van de houder
vp-invalid_signature = de handtekening past niet bij de presentatie en de sleutel van de houder
vp-payload_json = de inhoud is geen JSON
vp-signature_jwt = EdDSA-handtekening van de houder (vp+jwt)
vp-nonce = de nonce van het token is niet de challenge
vp-aud = de aud van het token is niet { $domain }
vp-iss = iss { $iss } is niet de ondertekenaar { $signer }
vp-credentials_invalid = { $invalid } van { $count } credentials zijn niet geverifieerd
vp-credentials_not_holder = { $unbound } van { $count } credentials zijn niet van de houder
vp-credentials_ok = { $count ->
    [one] { $count } credential geverifieerd, van de houder
   *[other] { $count } credentials geverifieerd, elk van de houder
}
vp-check-parsing = Formaat
vp-check-contexts = Vocabularia (JSON-LD-contexten)
vp-check-key_resolution = Sleutel van de houder
vp-check-holder = Houder
vp-check-proof = Handtekening van de houder
vp-check-challenge = Challenge
vp-check-domain = Domein
vp-check-credentials = Voorgelegde credentials
console-tutor_company = alleen voor een mentor in het bedrijf
