# unitcred's words in Deutsch. Every file holds the same keys; a test checks it.

## atype
atype-oral = mündlich
atype-portfolio = Portfolio
atype-practical = praktisch
atype-written = schriftlich
atype-project = Projektarbeit
atype-continuous = laufende Bewertung

## award
award-confirmed = verliehen
award-issued = verliehen
award-pending = ausstehend
award-refused = abgelehnt
award-revoked = widerrufen

## check
check-contexts = Vokabulare (JSON-LD-Kontexte)
check-controller = Schlüssel gehört dem Aussteller
check-edc-controller = Das Siegelzertifikat nennt den Aussteller
check-edc-key_resolution = Siegelzertifikat
check-edc-proof = Elektronisches Siegel (JAdES)
check-edc-schema = Struktur (European Learning Model)
check-edc-trust = Zertifizierungsstelle und Aussteller vertrauenswürdig
check-key_resolution = Schlüssel des Ausstellers
check-legacy_claims = JWT-Angaben
check-parsing = Format
check-parts = Einheiten der Qualifikation
check-proof = Signatur
check-schema = Struktur (Open Badges 3.0)
check-status = Status (Widerruf, Aussetzung)
check-trust = Vertrauen in den Aussteller
check-validity_period = Gültigkeitszeitraum

## console
console-accept = Anerkennen
console-access_created = Persönlicher Link erstellt: geben Sie ihn weiter; er wird nicht erneut angezeigt.
console-access_expired = abgelaufen
console-access_link = Persönlichen Link erstellen
console-access_links = Persönliche Links der lernenden Person
console-access_revoked = widerrufen
console-access_revoked_notice = Link widerrufen: er öffnet nichts mehr, und damit geöffnete Sitzungen sind beendet.
console-action = Aktion
console-actions = Aktionen
console-actor = Wer
console-add = Hinzufügen
console-already = Bereits erfasst
console-another_file = Weitere Datei importieren
console-assessment_type = Prüfungsart
console-assessor = Prüfer/in
console-at = Wann
console-audit_broken = Prüfkette unterbrochen!
console-audit_intact = Prüfkette intakt.
console-awaiting_jury = Wartet auf den Ausschuss
console-award = Qualifikation
console-awards_lead = Sind alle Einheiten eines Profils mit Ausschuss validiert, wartet die Qualifikation auf Ihre Entscheidung.
console-bad_json = Unlesbares JSON
console-bad_login = Falsche E-Mail-Adresse oder falsches Passwort. Nach 5 Fehlversuchen wird das Konto 15 Minuten gesperrt.
console-code = Code
console-confirm = Verleihen
console-created = Erstellt
console-credential_issued = Nachweis ausgestellt.
console-credentials_issued = Einheitsnachweise ausgestellt
console-date = Datum
console-decided = Entscheidung gespeichert.
console-decision = Entscheidung
console-detail = Detail
console-disable = Deaktivieren
console-disabled = deaktiviert
console-draft = Entwurf
console-email = E-Mail-Adresse
console-external_ref = Schulreferenz
console-family_name = Nachname
console-field = Feld
console-foreign_achievement = Fremde Einheit
console-given_name = Vorname
console-history = Prüfungen
console-import = Importieren
console-import_profiles = Profil oder Referenzrahmen importieren
console-import_title = Ergebnisimport
console-imported = importiert
console-in_use = in Gebrauch (gesperrt)
console-key = Schlüssel
console-keys_lead = Der aktive Schlüssel signiert neue Nachweise; ältere bleiben mit ihrem alten Schlüssel prüfbar.
console-label = Bezeichnung
console-language = Sprache
console-line = Zeile
console-login = Anmeldung Personal
console-mandatory = Pflicht
console-message = Meldung
console-name = Name
console-new_learner = Lernende anmelden
console-new_staff = Mitarbeitende hinzufügen
console-no_file = Wählen Sie eine Datei.
console-optional = Wahl
console-outcome = Ergebnis
console-password = Passwort
console-password_hint = Mindestens 12 Zeichen.
console-pending_awards = Qualifikationen warten auf den Ausschuss
console-profile = Profil
console-profile_hint = Ein Profil (schemas/profile.schema.json) oder ein Referenzrahmen mit "profiles".
console-profile_json = Oder fügen Sie das JSON-Dokument ein
console-progress = Fortschritt
console-proposed_unit = vorgeschlagene Einheit
console-qualification_issued = Qualifikation ausgestellt.
console-qualifications_issued = Ausgestellte Qualifikationen
console-reason = Grund
console-recognitions = Einheiten von anderswo (Anerkennung)
console-record = Prüfungsergebnis erfassen
console-recorded = Ergebnis gespeichert.
console-recorded_rows = Erfasst
console-referential_file = Datei des Referenzrahmens (JSON)
console-refuse = Ablehnen
console-reinstate = Wiederherstellen
console-rejected = Abgelehnt
console-remediation = Hinweis zur Nachholung (falls nicht validiert)
console-results_file = Ergebnisdatei (CSV oder JSON)
console-results_format = CSV-Spalten: learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note
console-results_hint = Ergebnisdatei einer Gruppe hochladen
console-results_lead = Eine Datei pro Gruppe: eine Zeile pro Person und Einheit. Nachweise werden während des Imports ausgestellt; dieselbe Datei erneut senden erzeugt keine Doppel.
console-retired = Außer Dienst
console-reviews = Überprüfung von Qualifikationen
console-reviews_lead = Eine Qualifikation, deren Einheit widerrufen wurde, ist bis zu Ihrer Entscheidung ausgesetzt: wiederherstellen oder widerrufen, mit Begründung.
console-revoke = Widerrufen
console-revoked_unit = Widerrufene Einheit
console-role = Rolle
console-rotate = Signaturschlüssel erneuern
console-rotated = Neuer Schlüssel aktiv.
console-row_errors = Abgelehnte Zeilen
console-rows = Zeilen
console-save = Speichern
console-sector = Bereich
console-shown = Angezeigte Einträge (neueste zuerst)
console-sign_in = Anmelden
console-staff_added = Konto erstellt.
console-staff_disabled = Konto deaktiviert; Sitzungen beendet.
console-status_changed = Status geändert; die veröffentlichte Statusliste zeigt es.
console-suspend = Aussetzen
console-throttled = Zu viele Fehlversuche von dieser Adresse. Versuchen Sie es in 15 Minuten erneut.
console-title = Schulkonsole
console-units_issued = Ausgestellte Einheitsnachweise
console-upload = Datei importieren
console-version = Version

## err
err-bad_form = Unvollständiges Formular.
err-csrf = Dieses Formular konnte nicht geprüft werden (Sicherheitstoken fehlt oder stammt von einer anderen Seite). Laden Sie die Seite neu.
err-csrf-title = Formular abgelaufen
err-internal = Ein interner Fehler ist aufgetreten; bitte später erneut versuchen.

## footer
footer = unitcred · signierte Nachweise für Lernergebniseinheiten (ECVET, Europass)

## home
home-console = Schulpersonal: Referenzrahmen, Ergebnisse, Ausschuss, Widerrufe, Schlüssel.
home-lead = Jede validierte Lernergebniseinheit erhält einen signierten Nachweis; die Qualifikation folgt, wenn alle Einheiten validiert sind.
home-learner = Ihr Fortschritt, Ihre Nachweise und Ihr Paket, mit dem Link Ihrer Schule.
home-title = Nachweise für Einheiten und Qualifikationen
home-verify = Arbeitgeber oder Anbieter: prüfen Sie einen Nachweis, ein Paket oder eine Präsentation.

## job
job-done = Import abgeschlossen.
job-failed = Import abgelehnt.
job-interrupted = Import unterbrochen (Server gestoppt): Datei erneut senden, nichts wird doppelt ausgestellt.
job-running = Import läuft…

## key
key-active = aktiv
key-compromised = kompromittiert
key-retired = außer Dienst

## kind
kind-credential = Nachweis
kind-edc = Europäischer digitaler Nachweis (Europass)
kind-qualification = Qualifikation
kind-record = Gesamtnachweis (CLR)
kind-unit = Lernergebniseinheit

## learner
learner-back = Zurück zu meiner Seite
learner-bad_code = Dieser Code oder Link ist ungültig (unbekannt, abgelaufen oder widerrufen). Bitten Sie Ihre Schule um einen neuen.
learner-bundle_hint = Alle Nachweise, Ihr Gesamtnachweis und ein PDF mit QR-Codes, auch offline prüfbar.
learner-code = Persönlicher Code
learner-credential = Nachweis
learner-credentials = Nachweise
learner-download = Mein Paket herunterladen (.zip)
learner-ecvet_required = erforderliche ECVET-Punkte
learner-europass = Für Europass herunterladen
learner-hello = Hallo
learner-in_all = insgesamt
learner-issued = Ausgestellt am
learner-json = Signierten Nachweis anzeigen (JSON)
learner-jury = Alle Einheiten sind validiert: die Qualifikation wartet auf die Entscheidung des Ausschusses.
learner-lead = Geben Sie den persönlichen Code Ihrer Schule ein (beginnt mit ucl_) oder öffnen Sie den erhaltenen Link.
learner-need_code = Öffnen Sie zuerst Ihre Seite mit Code oder Link.
learner-offer-alt = QR-Code des Angebots
learner-offer-expires = Gültig bis
learner-offer-lead = Scannen Sie diesen QR-Code mit Ihrer Wallet-App (OpenID4VCI).
learner-offer-open = In der Wallet dieses Geräts öffnen
learner-offer-title = Zum Wallet hinzufügen
learner-open = Meine Seite öffnen
learner-points = Erreichte ECVET-Punkte
learner-standing = { $validated } von { $total } Einheiten validiert
learner-remaining = { $count ->
    [one] diese Einheit bleibt:
   *[other] diese { $count } Einheiten bleiben:
}
route-prior_learning = von einer Jury validiert (Anerkennung früheren Lernens)
route-work_based = im Betrieb bewertet
unit-awaiting_cosignature = wartet auf die Gegenzeichnung der Schule
learner-qualified = Qualifikation erworben.
learner-refused = Diese Seite gehört einer anderen Person: Ihr Code öffnet nur Ihre eigene.
learner-refused-title = Zugriff verweigert
learner-school = Schule
learner-see = Details
learner-share = Prüflink zum Teilen
learner-state = Status
learner-title = Mein Fortschritt
learner-tx_code = Im Wallet einzugebender Code:
learner-unit = Einheit
learner-unit_title = Titel
learner-units = Einheiten
learner-verify = Prüfen
learner-wallet = Zur digitalen Brieftasche hinzufügen
learner-wallet_all = Alle meine Nachweise in meine Wallet (ein Scan)

## nav
nav-audit = Prüfprotokoll
nav-awards = Prüfungsausschuss
nav-console = Schulkonsole
nav-dashboard = Übersicht
nav-home = Startseite
nav-keys = Schlüssel
nav-label = Hauptnavigation
nav-languages = Sprache
nav-learner = Lernende
nav-learners = Lernende
nav-logout = Abmelden
nav-profiles = Qualifikationsprofile
nav-results = Ergebnisse der Gruppe
nav-skip = Zum Inhalt
nav-staff = Personal
nav-verify = Prüfen

## outcome
outcome-not_validated = nicht validiert
outcome-validated = validiert

## recognition
recognition-accepted = anerkannt
recognition-proposed = vorgeschlagen
recognition-refused = abgelehnt

## role
role-admin = Verwaltung
role-assessor = Prüfer/in

## state
state-failed = fehlgeschlagen
state-passed = bestanden
state-skipped = nicht geprüft
state-warning = Achtung

## status
status-active = aktiv
status-revoked = widerrufen
status-suspended = ausgesetzt

## unit
unit-from = anerkannt von
unit-pending = ausstehend
unit-recognised = anerkannt (anderswo)
unit-remediation = in Nachholung
unit-revoked = widerrufen (zählt nicht mehr)
unit-validated = validiert

## verdict
verdict-fail = Nicht gültig
verdict-failed_check = fehlgeschlagene Prüfung:
verdict-ok = Gültig
verdict-warn = Gültig, mit Vorbehalt

## verify
verify-again = Etwas anderes prüfen
verify-all_ok = Alles geprüft.
verify-awarded = Verliehen am
verify-bundle_broken = Paket verändert
verify-bundle_intact = Paket intakt: jede Datei entspricht ihrem Hashwert
verify-bundle_signed = Manifest signiert von
verify-checks = Prüfungen
verify-contains = Enthaltene Nachweise
verify-count = Geprüfte Nachweise
verify-ecvet = ECVET-Punkte
verify-eqf = EQR-Niveau
verify-err-empty = Fügen Sie einen Nachweis ein oder wählen Sie eine Datei.
verify-err-json = Dieser Text sieht wie JSON aus, ist aber ungültig: Ist er vollständig?
verify-err-none = Kein Nachweis in der Einsendung gefunden.
verify-err-not_found = Kein Nachweis mit dieser Kennung auf diesem Server.
verify-err-too_many = Zu viele Nachweise auf einmal (höchstens 60).
verify-err-unknown = Dies ist weder ein JSON-Nachweis, ein JWT noch ein .zip-Paket.
verify-err-unreadable = Diese Datei ist weder Text noch ein .zip-Paket.
verify-err-zip = Diese .zip-Datei ist nicht lesbar.
verify-files = Dateien
verify-hashed = über gesalzenen Hashwert identifiziert
verify-holder = Inhaber/in
verify-issuer = Ausgestellt von
verify-kind = Art
verify-kind-bundle = Paket der lernenden Person
verify-kind-list = Liste von Nachweisen
verify-kind-presentation = Präsentation
verify-kind-single = Prüfergebnis
verify-lead = Fügen Sie einen Nachweis (JSON oder JWT), eine Präsentation oder eine Liste ein oder laden Sie die Datei oder das Paket (.zip) hoch. Signatur, Aussteller, Status und Gültigkeit werden geprüft.
verify-learner = Lernende Person
verify-no_end = unbefristet
verify-not_all_ok = Mindestens eine Prüfung ist fehlgeschlagen: siehe unten.
verify-other = Einen anderen Nachweis prüfen
verify-paste = Zu prüfender Nachweis
verify-paste_hint = Der vollständige Text, wie erhalten.
verify-private = Nichts, was Sie senden, wird gespeichert.
verify-seal = Siegel
verify-submit = Prüfen
verify-title = Einen Nachweis prüfen
verify-unnamed = nicht angegeben
verify-unproven = Der folgende Inhalt ist nicht vom Aussteller bestätigt: verlassen Sie sich nicht darauf.
verify-untitled = Nachweis ohne Titel
verify-upload = Oder eine Datei (.json, .jwt, Paket .zip)
verify-valid_from = Gültig ab
verify-valid_until = Gültig bis

## transcript (the learner's transcript, HTML and PDF)
transcript-title = Persönliche Aufstellung der Lernergebnisse
transcript-learner = Lernende Person
transcript-issuer = Aussteller
transcript-as_of = Stand vom
transcript-unit = Einheit
transcript-qualification = Qualifikation
transcript-points = ECVET-Punkte
transcript-eqf = EQR-Niveau
transcript-issued = Ausgestellt
transcript-status = Status
transcript-file = Datei (SHA-256)
transcript-active = gültig
transcript-suspended = ausgesetzt
transcript-revoked = widerrufen
transcript-snapshot = Statuslisten abgerufen am
transcript-offline = Jede Datei dieses Pakets ist signiert und offline prüfbar: unitcred verify PAKET.zip
transcript-verify = Prüfen
transcript-page = Seite

## card (the picture an EDC carries)
card-unit = Einheit von Lernergebnissen
card-qualification = Qualifikation
card-awarded_to = ausgestellt für
card-points = ECVET-Punkte
card-eqf = EQR-Niveau

## text (a cause quoted as it was reported)
text = { $text }

## v (the verifier's check lines)
v-not_reached = nicht erreicht
v-body_shape = der Body muss {"{"}"verifiableCredential": …{"}"} sein
v-edc_unsealed = ein europäischer digitaler Nachweis gilt nur gesiegelt (JAdES); dieser trägt kein Siegel
v-envelope_id = eine EnvelopedVerifiableCredential braucht eine id data:application/vc+jwt,<Token>
v-envelope_context = der @context einer EnvelopedVerifiableCredential muss { $url } enthalten
v-first_context = der erste @context muss { $url } sein
v-unknown_context = der Kontext { $url } gehört nicht zu denen, die dieser Prüfer vorhält
v-embedded_context = eingebettete Kontexte werden nicht angenommen
v-contexts = { $count ->
    [one] { $count } festgelegter Kontext
   *[other] { $count } festgelegte Kontexte
}
v-key_revoked = { $key } ist seit { $since } widerrufen (kompromittiert); dieser Nachweis wurde am { $when } erstellt
v-key_revoked_undated = { $key } ist seit { $since } widerrufen (kompromittiert); unbekannt, wann dieser Nachweis erstellt wurde
v-key_resolved = { $key } aufgelöst
v-controller_mismatch = der Schlüssel wird von { $key } kontrolliert, nicht vom Aussteller { $issuer }
v-controller = der Schlüssel gehört dem Aussteller
v-no_registry = kein Vertrauensregister abgefragt
v-issuer_unknown = Signatur gültig, Aussteller unbekannt: { $detail }
v-validity_reversed = validFrom liegt nach validUntil
v-not_yet_valid = gültig ab { $when }, jetzt { $now }
v-expired = abgelaufen am { $when }, jetzt { $now }
v-valid_at = gültig am { $now }
v-no_schema = der Nachweis nennt kein Schema
v-schema_no_id = ein credentialSchema-Eintrag hat keine id
v-schema_violation = { $id }: { $detail }
v-schema_unknown = Schema(s) nicht offline vorhanden, nicht geprüft: { $list }
v-schema_valid = gültig nach { $list }
v-parsed_di = { $count ->
    [one] VC-2.0-Nachweis mit { $count } Proof
   *[other] VC-2.0-Nachweis mit { $count } Proofs
}
v-proof_purpose = proofPurpose { $purpose } ist nicht assertionMethod
v-signature_valid = { $suite }-Signatur gültig
v-signature_mismatch = die Signatur passt nicht zum Nachweis
v-jsonld_failed = JSON-LD-Verarbeitung fehlgeschlagen: { $cause }
v-jose_alg = der JOSE-Algorithmus { $alg } wird nicht angenommen; nur EdDSA
v-jws_not_json = der Inhalt des JWS ist kein JSON
v-vcjwt_members = ein vc+jwt-Inhalt enthält weder vc noch proof
v-parsed_jws = kompaktes JWS ({ $form }), Algorithmus EdDSA
v-iss_mismatch = der iss-Claim weicht vom Aussteller ab
v-jws_valid = EdDSA-Signatur gültig
v-token_mismatch = die Signatur passt nicht zum Token
v-no_status = kein Statuseintrag
v-status_offline = Statuslisten nicht abgefragt (Offline-Prüfung)
v-status_unavailable = Status { $purpose } nicht verfügbar: { $why }
v-status_set = { $status }: der Aussteller hat Bit { $index } von { $url } gesetzt
v-status_clear = nicht markiert ({ $list })
v-seal_alg = der Siegelalgorithmus { $alg } wird nicht angenommen; nur RS256, PS256 und ES256
v-sealed_not_json = der gesiegelte Inhalt ist kein JSON: { $cause }
v-sealed_not_edc = der gesiegelte Inhalt ist keine EuropeanDigitalCredential
v-x5c_empty = x5c ist leer
v-parsed_edc = europäischer digitaler Nachweis, JAdES-{ $level }-Siegel ({ $serialization }-Serialisierung), { $alg }
v-parsed_edc_unencoded = europäischer digitaler Nachweis, JAdES-{ $level }-Siegel ({ $serialization }-Serialisierung, unkodierter Inhalt), { $alg }
v-edc_contexts = der @context eines EDC ist [{ $vc }, { $edc }], beide offline vorgehalten
v-edc_contexts_ok = VC-1.1- und ELM-EDC-Kontexte
v-seal_certificate = Siegelzertifikat { $subject } (ausgestellt von { $issuer }), aus dem Siegel selbst
v-seal_org = die Organisationskennung des Siegelzertifikats, { $org }, ist die des Ausstellers
v-seal_org_mismatch = die eIDAS-Kennung des Ausstellers, { $issuer }, ist nicht die Organisationskennung des Siegelzertifikats, { $org }
v-seal_valid = { $alg }-Siegel gültig über die genauen gesiegelten Bytes
v-seal_mismatch = das Siegel passt nicht zu den gesiegelten Bytes
v-shape_ok = die Strukturregeln der ELM-EDC-Form sind erfüllt ({ $count } Knoten)
v-shape_violation = ELM-EDC-Form: { $detail }
v-edc_status_other = der Status { $url } ist kein Eintrag einer Bitstring-Statusliste: nicht geprüft
v-certificate_period = das Siegelzertifikat war von { $from } bis { $until } gültig, nicht zu dem Zeitpunkt, an dem das Siegel angebracht worden sein soll ({ $when })
v-no_seal_cas = keine Vertrauensliste von Siegel-Zertifizierungsstellen abgefragt
v-seal_unchecked = Siegel unversehrt, Zertifikat nicht geprüft: { $detail }
v-seal_untrusted_chain = das Siegelzertifikat ({ $issuer }) führt zu keiner vertrauenswürdigen Siegel-Zertifizierungsstelle: { $why }
v-seal_untrusted = Siegel unversehrt, nicht vertrauenswürdig: { $detail }
v-sealed_trusted_ca = gesiegelt von { $subject } unter einer vertrauenswürdigen Stelle ({ $anchor }); kein Vertrauensregister abgefragt
v-certificate_trusted = Zertifikat vertrauenswürdig ({ $anchor }); { $detail }
v-seal_issuer_unknown = Siegel gültig und Zertifikat vertrauenswürdig, Aussteller unbekannt: { $detail }
v-parts = { $count ->
    [one] { $count } genannter Einheitsnachweis
   *[other] { $count } genannte Einheitsnachweise
}
v-part_no_copy = keine Kopie dieses Nachweises wurde mitgegeben oder ist hier gespeichert
v-part_digest = sein Hashwert passt nicht zur relatedResource des Qualifikationsnachweises
v-part_failed = Einheitsnachweis { $id }: { $detail }

## trust (what the trust registry says of an issuer)
trust-not_listed = { $issuer } steht nicht im Vertrauensregister dieses Servers
trust-no_achievement = { $name } ({ $country }) ist bekannt; der Nachweis nennt keine Leistung, an der eine Berechtigung zu prüfen wäre
trust-authorised = { $name } ({ $country }) ist für diese Leistung berechtigt, im Auftrag von { $authority }
trust-not_authorised = { $name } ist nicht berechtigt, { $id } zu zertifizieren
trust-not_authorised_on = { $name } war am { $when } nicht berechtigt, { $id } zu zertifizieren (berechtigt { $list })

## problem (the API's refusals, by code, as the console shows them; detail: the API's words)
problem-validation_failed = Einige Felder sind nicht gültig: { $detail }
problem-unauthorized = Bitte zuerst anmelden.
problem-forbidden = Ihre Rolle darf das nicht; fragen Sie eine Administratorin oder einen Administrator.
problem-learner_not_found = Lernende Person nicht gefunden.
problem-profile_not_found = Qualifikationsprofil nicht gefunden.
problem-unit_not_found = Einheit nicht gefunden.
problem-credential_not_found = Nachweis nicht gefunden.
problem-provider_not_found = Einrichtung nicht gefunden.
problem-award_not_found = Vergabe nicht gefunden.
problem-not_found = Nicht gefunden.
problem-payload_too_large = Die Datei oder das Formular ist zu groß.
problem-unsupported_media_type = Diese Art Datei wird nicht angenommen: { $detail }
problem-internal = Auf dem Server ist ein Fehler aufgetreten; nichts wurde geändert. Bitte später erneut versuchen.
problem-already_exists = Das gibt es schon: { $detail }
problem-conflict = Das widerspricht dem Erfassten: { $detail }
problem-nothing_to_offer = Es gibt nichts anzubieten: { $detail }
problem-invalid_credential = Der Nachweis entspricht nicht dem VC-2.0-Datenmodell: { $detail }
problem-invalid_option = Diese Option wird nicht akzeptiert: { $detail }
problem-ambiguous_credential = Mehrere Nachweise passen: { $detail }
problem-status_purpose = Der Statuseintrag des Nachweises erlaubt das nicht: { $detail }
problem-malformed_json = Die Datei ist kein gültiges JSON: { $detail }
problem-unreadable_body = Die Anfrage konnte nicht gelesen werden: { $detail }
problem-malformed_request = Die Anfrage hat nicht die erwartete Form: { $detail }
problem-too_many_credentials = Zu viele Nachweise auf einmal: { $detail }
problem-request_timeout = Der Server hat zu lange gebraucht; bitte erneut versuchen.
problem-method_not_allowed = Diese Aktion ist hier nicht möglich.
problem-too_many_requests = Zu viele Versuche; bitte kurz warten und erneut versuchen.
problem-bad_request = Die Anfrage ist nicht gültig: { $detail }
problem-no_seal_certificate = Noch kein Zertifikat für ein elektronisches Siegel installiert: eine Administratorin oder ein Administrator installiert eines, bevor Europass-Nachweise ausgestellt werden können.
problem-key_compromised = Dieser Schlüssel ist bereits als kompromittiert markiert.
problem-did_key_fixed = Eine did:key-Kennung ist ihr Schlüssel und kann nicht wechseln; verwenden Sie eine did:web-Einrichtung.
problem-empty_record = Die lernende Person hat noch keinen Nachweis.
problem-import_in_progress = Ein anderer Import erfasst dieselben Ergebnisse; starten Sie diesen erneut, wenn jener beendet ist.
problem-recognition_conflict = Derselbe Nachweis wurde im selben Moment eingereicht; bitte erneut versuchen.
problem-unit_already_validated = Die lernende Person hat für diese Einheit bereits einen Nachweis; nichts anzuerkennen.
problem-recognition_decided = Über diese Anerkennung wurde bereits entschieden.
problem-credential_revoked = Der Nachweis ist widerrufen; ein Widerruf kann nicht rückgängig gemacht werden.
problem-already_suspended = Der Nachweis ist bereits ausgesetzt.
problem-not_suspended = Nur ein ausgesetzter Nachweis kann wieder in Kraft gesetzt werden.
problem-review_decided = Über diese Überprüfung wurde bereits entschieden.
problem-award_decided = Über diese Vergabe wurde bereits entschieden.
problem-rule_not_satisfied = Die lernende Person erfüllt die Regel der Qualifikation nicht mehr.
problem-already_issued = Der Qualifikationsnachweis existiert bereits.
problem-email_taken = Ein Personalkonto verwendet diese E-Mail-Adresse bereits.
problem-profile_locked = Unter dieser Version des Profils wurden bereits Nachweise ausgestellt: veröffentlichen Sie stattdessen eine neue Version ({ $detail }).
problem-not_placed = Diese lernende Person ist an diesem Datum nicht in Ihrem Betrieb eingesetzt: { $detail }
problem-cosignature_pending = Ein Ergebnis des Betreuers für diese Einheit wartet bereits auf die Gegenzeichnung der Schule.
problem-already_decided = Dieses Ergebnis wurde bereits bestätigt oder abgelehnt.
problem-company_not_found = Unbekannter Betrieb.
problem-procedure_not_found = Unbekanntes Validierungsverfahren.

## Presentation requests of the verifier page (OpenID4VP)
vpr-title = Eine Präsentation anfordern
vpr-lead = Bitten Sie die Wallet der lernenden Person, ihre Nachweise vorzulegen: Die Wallet signiert die Präsentation mit dem eigenen Schlüssel der Person, so wissen Sie, dass die vorlegende Person diejenige ist, der sie ausgestellt wurden.
vpr-start = Anfrage erstellen
vpr-private = Was die Wallet vorlegt, wird nur bis zum Ablauf der Anfrage (10 Minuten) aufbewahrt.
vpr-or_paste = Oder einen Nachweis einfügen oder hochladen
vpr-scan = Lassen Sie die lernende Person diesen Code mit ihrer Wallet scannen (OpenID4VP). Diese Seite zeigt das Ergebnis, sobald die Wallet geantwortet hat.
vpr-qr = QR-Code der Präsentationsanfrage
vpr-open_wallet = In einer Wallet auf diesem Gerät öffnen
vpr-expires = Die Anfrage läuft ab um
vpr-refresh = Laden Sie diese Seite neu, wenn die Person geantwortet hat.
vpr-check = Auf eine Antwort prüfen
vpr-answered = Präsentation erhalten
vpr-holds = Die vorlegende Person besitzt diese Nachweise, und alle Prüfungen wurden bestanden.
vpr-presenter = Vorgelegt von
vpr-again = Eine weitere Präsentation anfordern
vpr-expired = Diese Präsentationsanfrage existiert nicht oder ist abgelaufen.
verify-ask_wallet = Oder die Wallet der lernenden Person um eine Präsentation bitten

## Learner search and pages
console-search = Suchen (Name, E-Mail, Referenz)
console-search_button = Suchen
console-no_match = Keine lernende Person entspricht dieser Suche.
console-next_page = Nächste Seite

## Key compromise in the console
console-compromise = Einen Schlüssel als kompromittiert melden
console-compromise_lead = Wenn ein privater Schlüssel in falsche Hände geraten sein kann: Nachweise, die er seit dem angegebenen Zeitpunkt (UTC; leer: jetzt) erstellt hat, werden abgelehnt, und ein Signaturschlüssel wird sofort ersetzt. Das ist endgültig.
console-compromise_since = Kompromittiert seit (UTC)
console-compromise_button = Als kompromittiert melden
console-compromise_done = Der Schlüssel ist als kompromittiert gemeldet.
console-older = Ältere Einträge

## Foreign units from the console
console-foreign_submit = Eine anderswo erworbene Einheit einbringen
console-foreign_credential = Einheitsnachweis einer anderen Schule oder eines anderen Landes
console-foreign_hint = Fügen Sie ihn so ein, wie er empfangen wurde (JSON oder JWT). Er wird geprüft und dann zur Anerkennung vorgeschlagen.
console-foreign_button = Prüfen und vorschlagen
console-foreign_submitted = Der Nachweis ist zur Anerkennung erfasst: siehe das Ergebnis oben.
role-tutor = Betreuer im Betrieb
nav-workplace = Betriebe
nav-tutor = Meine Lernenden
nav-validations = Anerkennung früheren Lernens
nav-credentials = Nachweise
console-workplace_lead = Betriebe, die Lernende aufnehmen, wer wo eingesetzt ist, und die Ergebnisse der Betreuer, die auf die Gegenzeichnung einer Prüferin oder eines Prüfers der Schule warten, bevor die Einheit ausgestellt wird.
console-cosignatures = Ergebnisse zur Gegenzeichnung
console-no_cosignatures = Kein Ergebnis eines Betreuers wartet.
console-company = Betrieb
console-tutor = Betreuer
console-cosign = Gegenzeichnen
console-companies = Betriebe
console-country = Land (ISO-Code)
console-company_identifier = Unternehmensnummer
console-add_company = Betrieb hinzufügen
console-place = Lernende einsetzen
console-from = Vom
console-until = Bis
console-place_button = Einsetzen
console-tutor_lead = Die Lernenden in Ihrem Betrieb. Erfassen Sie das Ergebnis einer Einheit, wie Sie es bei der Arbeit beobachtet haben: Die Schule wird informiert, und wenn die Einheit es verlangt, zeichnet eine Prüferin oder ein Prüfer der Schule gegen, bevor der Nachweis ausgestellt wird.
console-no_placements = Derzeit sind keine Lernenden in Ihrem Betrieb eingesetzt.
console-company_added = Betrieb hinzugefügt.
console-placed = Lernende Person eingesetzt.
console-awaiting_cosignature = Ergebnis erfasst: Es wartet auf die Gegenzeichnung der Schule.
console-validations_lead = Anerkennung früheren Lernens: Die Erfahrung einer erwachsenen Person, in einem Portfolio gezeigt und von einer Jury beurteilt, validiert Einheiten einzeln oder in Blöcken. Validierte Einheiten werden wie alle anderen ausgestellt (Lernumfeld: nicht formal); der Rest kann später folgen.
console-open_validation = Validierung eröffnen
console-candidate = Kandidat
console-no_validations = Noch kein Validierungsverfahren.
console-portfolio = Portfolio
console-portfolio_hint = Die Dokumente werden für die Jury aufbewahrt; ein Nachweis nennt nur ihren SHA-256-Hash und ihre Beschreibung.
console-document = Dokument
console-document_description = Was es zeigt
console-add_document = Dokument hinzufügen
console-document_added = Dokument hinzugefügt.
console-validation_opened = Validierung eröffnet.
console-jury_decision = Entscheidung der Jury
console-jury = Jury
console-methods = Methoden
console-evidence = Dokumente, auf denen die Entscheidung beruht
console-units_decided = Entschiedene Einheiten
console-decide = Entscheidung erfassen
console-standing = Stand des Kandidaten
console-credentials_lead = Alle von der Schule ausgestellten Nachweise, die neuesten zuletzt, Seite für Seite.
console-kind = Art
nav-portability = Anerkennung
console-portability_lead = Anerkennungstabellen sagen, welche ausländischen Lernergebnisse hier als welche Einheit gelten; das Vertrauensregister sagt, welchen Ausstellern dieser Server vertraut, wofür und seit wann.
console-tables = Anerkennungstabellen
console-no_lines = Noch keine Zeile: ausländische Einheiten werden einzeln entschieden.
console-remove = Entfernen
console-or_title = oder ihr Titel (Europass-Nachweis)
console-add_line = Zeile hinzufügen
console-table_saved = Anerkennungstabelle gespeichert.
console-registry = Vertrauensregister
console-registry_lead = Das Register gehört dem Betreiber des Servers, für alle Schulen darauf: Jede Änderung erfolgt mit dem Betreiber-Token, im Formular eingegeben und nie gespeichert. Einen Aussteller auszusetzen beendet seine Berechtigungen heute; was er zuvor bescheinigt hat, bleibt vertrauenswürdig.
console-issuer = Aussteller
console-authorisations = Berechtigungen
console-operator_token = Betreiber-Token
console-authorised_achievement = Lernergebnis, das er bescheinigen darf (ID)
console-scope = Umfang
console-authority = In wessen Auftrag
console-add_issuer = Aussteller hinzufügen
console-registry_saved = Vertrauensregister aktualisiert.
console-first_page = Erste Seite
verify-setting = Lernumfeld
setting-formal = formal (Schule, Ausbildungszentrum)
setting-non_formal = nicht formal (Anerkennung früheren Lernens)
verify-route = Wie bewertet wurde
workplace-pending = wartet auf die Gegenzeichnung der Schule
workplace-confirmed = von der Schule gegengezeichnet: Nachweis ausgestellt
workplace-refused = von der Schule nicht bestätigt
problem-document_in_use = Eine Entscheidung der Jury beruht auf diesem Dokument; es bleibt erhalten.
console-document_removed = Dokument entfernt.
vp-challenge_theirs = die Challenge des Aufrufers (nicht von diesem Server ausgegeben)
vp-challenge_used = hier ausgegeben, jetzt verbraucht
vp-challenge_replayed = auf diese Challenge hat bereits eine Präsentation geantwortet
vp-challenge_expired = diese Challenge ist abgelaufen
vp-challenge_other_domain = diese Challenge wurde für eine andere Domain ausgegeben
vp-envelope_context = der @context einer umhüllten Präsentation muss { $url } enthalten
vp-envelope_id = die id einer umhüllten Präsentation muss data:application/vp+jwt,<Token> sein
vp-not_object = eine Präsentation ist ein JSON-Objekt
vp-first_context = @context muss mit { $url } beginnen
vp-type = type muss VerifiablePresentation enthalten
vp-holder_url = holder muss eine URL sein oder ein Objekt mit einer URL als id
vp-credentials_shape = verifiableCredential muss ein Nachweis oder eine Liste von Nachweisen sein
vp-parsed = eine Präsentation nach VC Data Model 2.0
vp-unknown_context = { $url } ist kein Kontext, den dieser Dienst mitbringt (nichts wird abgerufen)
vp-contexts = { $count ->
    [one] { $count } Kontext, nichts abgerufen
   *[other] { $count } Kontexte, nichts abgerufen
}
vp-key = { $key } (Authentifizierung)
vp-holder_mismatch = signiert von { $presenter }, nicht von der genannten Inhaberin oder dem Inhaber { $holder }
vp-presented_by = vorgelegt von { $presenter }
vp-wrong_purpose = eine Präsentation wird für die Authentifizierung bewiesen, nicht für { $purpose }
vp-no_challenge = der Beweis trägt keine Challenge
vp-other_challenge = der Beweis antwortet auf eine andere Challenge
vp-domain = der Beweis ist nicht an die Domain { $domain } gebunden
vp-signature = { $suite }-Signatur der Inhaberin oder des Inhabers
vp-invalid_signature = die Signatur passt nicht zur Präsentation und zum Schlüssel der Inhaberin oder des Inhabers
vp-payload_json = der Inhalt ist kein JSON
vp-signature_jwt = EdDSA-Signatur der Inhaberin oder des Inhabers (vp+jwt)
vp-nonce = die nonce des Tokens ist nicht die Challenge
vp-aud = die aud des Tokens ist nicht { $domain }
vp-iss = iss { $iss } ist nicht der Unterzeichner { $signer }
vp-credentials_invalid = { $invalid } von { $count } Nachweisen sind nicht verifiziert
vp-credentials_not_holder = { $unbound } von { $count } Nachweisen gehören nicht der Inhaberin oder dem Inhaber
vp-credentials_ok = { $count ->
    [one] { $count } Nachweis verifiziert, der Inhaberin oder des Inhabers
   *[other] { $count } Nachweise verifiziert, alle der Inhaberin oder des Inhabers
}
vp-check-parsing = Format
vp-check-contexts = Vokabulare (JSON-LD-Kontexte)
vp-check-key_resolution = Schlüssel der Inhaberin oder des Inhabers
vp-check-holder = Inhaberin oder Inhaber
vp-check-proof = Signatur der Inhaberin oder des Inhabers
vp-check-challenge = Challenge
vp-check-domain = Domain
vp-check-credentials = Vorgelegte Nachweise
console-tutor_company = nur für Betreuer im Betrieb
