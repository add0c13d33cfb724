//! The pages' words in French (first), English, Dutch and German.

/// One entry per key: French, English, Dutch, German.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
    Nl,
    De,
}

impl Lang {
    /// In the order offered: French first, as in French-speaking Belgium.
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::En, Lang::Nl, Lang::De];

    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
            Self::Nl => "nl",
            Self::De => "de",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Fr => "Français",
            Self::En => "English",
            Self::Nl => "Nederlands",
            Self::De => "Deutsch",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The first of our languages in an `Accept-Language` header (by order, ignoring weights,
    /// which browsers send in decreasing order anyway); French otherwise.
    pub fn from_accept(header: &str) -> Self {
        header
            .split(',')
            .filter_map(|part| {
                let tag = part.split(';').next()?.trim().to_ascii_lowercase();
                Self::parse(tag.split('-').next()?)
            })
            .next()
            .unwrap_or(Self::Fr)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The text for `key`; the key itself if it has none (a test checks every key exists).
    pub fn t(self, key: &str) -> &'static str {
        match STRINGS.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(i) => STRINGS[i].1[self.index()],
            Err(_) => {
                debug_assert!(false, "no text for {key}");
                "?"
            }
        }
    }

    /// The text for `key`, if the table has one.
    pub fn t_opt(self, key: &str) -> Option<&'static str> {
        STRINGS
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| STRINGS[i].1[self.index()])
    }

    fn prefixed(self, prefix: &str, value: &str) -> String {
        let key = format!("{prefix}.{value}");
        match STRINGS.binary_search_by(|(k, _)| (*k).cmp(key.as_str())) {
            Ok(i) => STRINGS[i].1[self.index()].to_owned(),
            Err(_) => super::esc(value),
        }
    }

    /// A decimal number as written in this language (`12,5` in French, Dutch and German).
    pub fn number(self, text: &str) -> String {
        match self {
            Self::En => text.to_owned(),
            _ => text.replace('.', ","),
        }
    }

    /// A verifier check's name in plain words.
    pub fn check(self, name: &str) -> String {
        self.prefixed("check", name)
    }

    pub fn status(self, status: &str) -> String {
        self.prefixed("status", status)
    }

    pub fn role(self, role: &str) -> String {
        self.prefixed("role", role)
    }

    pub fn outcome(self, outcome: &str) -> String {
        self.prefixed("outcome", outcome)
    }

    pub fn job(self, state: &str) -> String {
        self.prefixed("job", state)
    }

    pub fn recognition(self, status: &str) -> String {
        self.prefixed("recognition", status)
    }

    pub fn award(self, status: &str) -> String {
        self.prefixed("award", status)
    }
}

const STRINGS: &[(&str, [&str; 4])] = &[
    (
        "atype.oral",
        ["épreuve orale", "oral", "mondelinge proef", "mündlich"],
    ),
    (
        "atype.portfolio",
        ["portfolio", "portfolio", "portfolio", "Portfolio"],
    ),
    (
        "atype.practical",
        [
            "épreuve pratique",
            "practical",
            "praktische proef",
            "praktisch",
        ],
    ),
    (
        "atype.written",
        [
            "épreuve écrite",
            "written",
            "schriftelijke proef",
            "schriftlich",
        ],
    ),
    (
        "award.confirmed",
        ["délivrée", "awarded", "toegekend", "verliehen"],
    ),
    (
        "award.issued",
        ["délivrée", "awarded", "toegekend", "verliehen"],
    ),
    (
        "award.pending",
        ["en attente", "pending", "in afwachting", "ausstehend"],
    ),
    (
        "award.refused",
        ["refusée", "refused", "geweigerd", "abgelehnt"],
    ),
    (
        "award.revoked",
        ["révoquée", "revoked", "ingetrokken", "widerrufen"],
    ),
    (
        "check.contexts",
        [
            "Vocabulaires (contextes JSON-LD)",
            "Vocabularies (JSON-LD contexts)",
            "Vocabularia (JSON-LD-contexten)",
            "Vokabulare (JSON-LD-Kontexte)",
        ],
    ),
    (
        "check.controller",
        [
            "Clé appartenant à l'émetteur",
            "Key belongs to the issuer",
            "Sleutel behoort tot de uitgever",
            "Schlüssel gehört dem Aussteller",
        ],
    ),
    (
        "check.edc.controller",
        [
            "Le certificat du cachet nomme l'émetteur",
            "The seal certificate names the issuer",
            "Het zegelcertificaat noemt de uitgever",
            "Das Siegelzertifikat nennt den Aussteller",
        ],
    ),
    (
        "check.edc.key_resolution",
        [
            "Certificat du cachet",
            "Seal certificate",
            "Zegelcertificaat",
            "Siegelzertifikat",
        ],
    ),
    (
        "check.edc.proof",
        [
            "Cachet électronique (JAdES)",
            "Electronic seal (JAdES)",
            "Elektronisch zegel (JAdES)",
            "Elektronisches Siegel (JAdES)",
        ],
    ),
    (
        "check.edc.schema",
        [
            "Structure (European Learning Model)",
            "Structure (European Learning Model)",
            "Structuur (European Learning Model)",
            "Struktur (European Learning Model)",
        ],
    ),
    (
        "check.edc.trust",
        [
            "Autorité de certification et émetteur reconnus",
            "Certification authority and issuer trusted",
            "Certificatieautoriteit en uitgever vertrouwd",
            "Zertifizierungsstelle und Aussteller vertrauenswürdig",
        ],
    ),
    (
        "check.key_resolution",
        [
            "Clé de l'émetteur",
            "Issuer's key",
            "Sleutel van de uitgever",
            "Schlüssel des Ausstellers",
        ],
    ),
    (
        "check.legacy_claims",
        [
            "Champs du jeton JWT",
            "JWT claims",
            "JWT-velden",
            "JWT-Angaben",
        ],
    ),
    ("check.parsing", ["Format", "Format", "Formaat", "Format"]),
    (
        "check.parts",
        [
            "Unités de la certification",
            "Units of the qualification",
            "Eenheden van de kwalificatie",
            "Einheiten der Qualifikation",
        ],
    ),
    (
        "check.proof",
        ["Signature", "Signature", "Handtekening", "Signatur"],
    ),
    (
        "check.schema",
        [
            "Structure (Open Badges 3.0)",
            "Structure (Open Badges 3.0)",
            "Structuur (Open Badges 3.0)",
            "Struktur (Open Badges 3.0)",
        ],
    ),
    (
        "check.status",
        [
            "Statut (révocation, suspension)",
            "Status (revocation, suspension)",
            "Status (intrekking, schorsing)",
            "Status (Widerruf, Aussetzung)",
        ],
    ),
    (
        "check.trust",
        [
            "Confiance dans l'émetteur",
            "Issuer trust",
            "Vertrouwen in de uitgever",
            "Vertrauen in den Aussteller",
        ],
    ),
    (
        "check.validity_period",
        [
            "Période de validité",
            "Validity period",
            "Geldigheidsperiode",
            "Gültigkeitszeitraum",
        ],
    ),
    (
        "console.accept",
        ["Reconnaître", "Recognise", "Erkennen", "Anerkennen"],
    ),
    (
        "console.access_created",
        [
            "Lien personnel créé : transmettez-le à l'apprenant·e ; il ne sera plus affiché.",
            "Personal link created: give it to the learner; it will not be shown again.",
            "Persoonlijke link gemaakt: geef hem aan de leerling; hij wordt niet meer getoond.",
            "Persönlicher Link erstellt: geben Sie ihn weiter; er wird nicht erneut angezeigt.",
        ],
    ),
    (
        "console.access_expired",
        ["expiré", "expired", "verlopen", "abgelaufen"],
    ),
    (
        "console.access_link",
        [
            "Créer un lien personnel",
            "Create a personal link",
            "Persoonlijke link maken",
            "Persönlichen Link erstellen",
        ],
    ),
    (
        "console.access_links",
        [
            "Liens personnels de l'apprenant·e",
            "The learner's personal links",
            "Persoonlijke links van de leerling",
            "Persönliche Links der lernenden Person",
        ],
    ),
    (
        "console.access_revoked",
        ["révoqué", "revoked", "ingetrokken", "widerrufen"],
    ),
    (
        "console.access_revoked_notice",
        [
            "Lien révoqué : il n'ouvre plus rien, et les sessions ouvertes avec lui sont fermées.",
            "Link revoked: it opens nothing any more, and the sessions opened with it are closed.",
            "Link ingetrokken: hij opent niets meer en de sessies ermee zijn gesloten.",
            "Link widerrufen: er öffnet nichts mehr, und damit geöffnete Sitzungen sind beendet.",
        ],
    ),
    ("console.action", ["Action", "Action", "Actie", "Aktion"]),
    (
        "console.actions",
        ["Actions", "Actions", "Acties", "Aktionen"],
    ),
    ("console.actor", ["Qui", "Who", "Wie", "Wer"]),
    ("console.add", ["Ajouter", "Add", "Toevoegen", "Hinzufügen"]),
    (
        "console.already",
        [
            "Déjà enregistrées",
            "Already recorded",
            "Al opgeslagen",
            "Bereits erfasst",
        ],
    ),
    (
        "console.another_file",
        [
            "Importer un autre fichier",
            "Import another file",
            "Ander bestand importeren",
            "Weitere Datei importieren",
        ],
    ),
    (
        "console.assessment_type",
        [
            "Type d'épreuve",
            "Assessment type",
            "Soort proef",
            "Prüfungsart",
        ],
    ),
    (
        "console.assessor",
        ["Évaluateur·rice", "Assessor", "Beoordelaar", "Prüfer/in"],
    ),
    ("console.at", ["Quand", "When", "Wanneer", "Wann"]),
    (
        "console.audit_broken",
        [
            "Chaîne d'audit rompue !",
            "Audit chain broken!",
            "Auditketen verbroken!",
            "Prüfkette unterbrochen!",
        ],
    ),
    (
        "console.audit_intact",
        [
            "Chaîne d'audit intacte.",
            "Audit chain intact.",
            "Auditketen intact.",
            "Prüfkette intakt.",
        ],
    ),
    (
        "console.awaiting_jury",
        [
            "En attente du jury",
            "Awaiting the jury",
            "Wachtend op de jury",
            "Wartet auf den Ausschuss",
        ],
    ),
    (
        "console.award",
        [
            "Certification",
            "Qualification",
            "Kwalificatie",
            "Qualifikation",
        ],
    ),
    (
        "console.awards_lead",
        [
            "Quand toutes les unités d'un profil avec jury sont validées, la certification attend votre décision.",
            "When every unit of a profile with a jury is validated, the qualification awaits your decision.",
            "Als alle eenheden van een profiel met jury gevalideerd zijn, wacht de kwalificatie op uw beslissing.",
            "Sind alle Einheiten eines Profils mit Ausschuss validiert, wartet die Qualifikation auf Ihre Entscheidung.",
        ],
    ),
    (
        "console.bad_json",
        [
            "JSON illisible",
            "Unreadable JSON",
            "Onleesbare JSON",
            "Unlesbares JSON",
        ],
    ),
    (
        "console.bad_login",
        [
            "Adresse e-mail ou mot de passe incorrect. Après 5 essais manqués, le compte est bloqué 15 minutes.",
            "Wrong e-mail address or password. After 5 failed attempts the account is locked for 15 minutes.",
            "Verkeerd e-mailadres of wachtwoord. Na 5 mislukte pogingen wordt de account 15 minuten geblokkeerd.",
            "Falsche E-Mail-Adresse oder falsches Passwort. Nach 5 Fehlversuchen wird das Konto 15 Minuten gesperrt.",
        ],
    ),
    ("console.code", ["Code", "Code", "Code", "Code"]),
    (
        "console.confirm",
        ["Délivrer", "Award", "Toekennen", "Verleihen"],
    ),
    (
        "console.created",
        ["Créée le", "Created", "Aangemaakt", "Erstellt"],
    ),
    (
        "console.credential_issued",
        [
            "Attestation délivrée.",
            "Credential issued.",
            "Bewijs uitgereikt.",
            "Nachweis ausgestellt.",
        ],
    ),
    (
        "console.credentials_issued",
        [
            "attestations d'unité délivrées",
            "unit credentials issued",
            "eenheidsbewijzen uitgereikt",
            "Einheitsnachweise ausgestellt",
        ],
    ),
    ("console.date", ["Date", "Date", "Datum", "Datum"]),
    (
        "console.decided",
        [
            "Décision enregistrée.",
            "Decision recorded.",
            "Beslissing opgeslagen.",
            "Entscheidung gespeichert.",
        ],
    ),
    (
        "console.decision",
        ["Décision", "Decision", "Beslissing", "Entscheidung"],
    ),
    ("console.detail", ["Détail", "Detail", "Detail", "Detail"]),
    (
        "console.disable",
        ["Désactiver", "Disable", "Uitschakelen", "Deaktivieren"],
    ),
    (
        "console.disabled",
        ["désactivé", "disabled", "uitgeschakeld", "deaktiviert"],
    ),
    (
        "console.draft",
        ["brouillon", "draft", "ontwerp", "Entwurf"],
    ),
    (
        "console.email",
        [
            "Adresse e-mail",
            "E-mail address",
            "E-mailadres",
            "E-Mail-Adresse",
        ],
    ),
    (
        "console.external_ref",
        [
            "Référence de l'école",
            "School reference",
            "Schoolreferentie",
            "Schulreferenz",
        ],
    ),
    (
        "console.family_name",
        ["Nom de famille", "Family name", "Achternaam", "Nachname"],
    ),
    ("console.field", ["Champ", "Field", "Veld", "Feld"]),
    (
        "console.foreign_achievement",
        [
            "Acquis étranger",
            "Foreign achievement",
            "Buitenlandse eenheid",
            "Fremde Einheit",
        ],
    ),
    (
        "console.given_name",
        ["Prénom", "Given name", "Voornaam", "Vorname"],
    ),
    (
        "console.history",
        ["Évaluations", "Assessments", "Evaluaties", "Prüfungen"],
    ),
    (
        "console.import",
        ["Importer", "Import", "Importeren", "Importieren"],
    ),
    (
        "console.import_profiles",
        [
            "Importer un profil ou un référentiel",
            "Import a profile or a referential",
            "Profiel of referentiekader importeren",
            "Profil oder Referenzrahmen importieren",
        ],
    ),
    (
        "console.import_title",
        [
            "Import des résultats",
            "Result import",
            "Import van resultaten",
            "Ergebnisimport",
        ],
    ),
    (
        "console.imported",
        ["importé", "imported", "geïmporteerd", "importiert"],
    ),
    (
        "console.in_use",
        [
            "en usage (verrouillé)",
            "in use (locked)",
            "in gebruik (vergrendeld)",
            "in Gebrauch (gesperrt)",
        ],
    ),
    ("console.key", ["Clé", "Key", "Sleutel", "Schlüssel"]),
    (
        "console.keys_lead",
        [
            "La clé active signe les nouvelles attestations ; les anciennes restent vérifiables avec leur clé retirée.",
            "The active key signs new credentials; older ones stay verifiable with their retired key.",
            "De actieve sleutel ondertekent nieuwe bewijzen; oudere blijven verifieerbaar met hun oude sleutel.",
            "Der aktive Schlüssel signiert neue Nachweise; ältere bleiben mit ihrem alten Schlüssel prüfbar.",
        ],
    ),
    (
        "console.label",
        ["Libellé", "Label", "Label", "Bezeichnung"],
    ),
    (
        "console.language",
        ["Langue", "Language", "Taal", "Sprache"],
    ),
    ("console.line", ["Ligne", "Line", "Regel", "Zeile"]),
    (
        "console.login",
        [
            "Connexion du personnel",
            "Staff sign-in",
            "Aanmelden personeel",
            "Anmeldung Personal",
        ],
    ),
    (
        "console.mandatory",
        ["obligatoire", "mandatory", "verplicht", "Pflicht"],
    ),
    (
        "console.message",
        ["Message", "Message", "Bericht", "Meldung"],
    ),
    ("console.name", ["Nom", "Name", "Naam", "Name"]),
    (
        "console.new_learner",
        [
            "Inscrire un·e apprenant·e",
            "Enrol a learner",
            "Leerling inschrijven",
            "Lernende anmelden",
        ],
    ),
    (
        "console.new_staff",
        [
            "Ajouter un membre du personnel",
            "Add a staff member",
            "Personeelslid toevoegen",
            "Mitarbeitende hinzufügen",
        ],
    ),
    (
        "console.no_file",
        [
            "Choisissez un fichier.",
            "Choose a file.",
            "Kies een bestand.",
            "Wählen Sie eine Datei.",
        ],
    ),
    (
        "console.optional",
        ["au choix", "optional", "keuze", "Wahl"],
    ),
    (
        "console.outcome",
        ["Résultat", "Outcome", "Resultaat", "Ergebnis"],
    ),
    (
        "console.password",
        ["Mot de passe", "Password", "Wachtwoord", "Passwort"],
    ),
    (
        "console.password_hint",
        [
            "12 caractères au moins.",
            "At least 12 characters.",
            "Minstens 12 tekens.",
            "Mindestens 12 Zeichen.",
        ],
    ),
    (
        "console.pending_awards",
        [
            "certifications en attente du jury",
            "qualifications awaiting the jury",
            "kwalificaties wachtend op de jury",
            "Qualifikationen warten auf den Ausschuss",
        ],
    ),
    (
        "console.profile",
        ["Profil", "Profile", "Profiel", "Profil"],
    ),
    (
        "console.profile_hint",
        [
            "Un profil (schemas/profile.schema.json) ou un référentiel avec « profiles » (schemas/referential.schema.json).",
            "A profile (schemas/profile.schema.json) or a referential with \"profiles\" (schemas/referential.schema.json).",
            "Een profiel (schemas/profile.schema.json) of een referentiekader met \"profiles\".",
            "Ein Profil (schemas/profile.schema.json) oder ein Referenzrahmen mit \"profiles\".",
        ],
    ),
    (
        "console.profile_json",
        [
            "Ou collez le document JSON",
            "Or paste the JSON document",
            "Of plak het JSON-document",
            "Oder fügen Sie das JSON-Dokument ein",
        ],
    ),
    (
        "console.progress",
        ["Progression", "Progress", "Voortgang", "Fortschritt"],
    ),
    (
        "console.proposed_unit",
        [
            "unité proposée",
            "proposed unit",
            "voorgestelde eenheid",
            "vorgeschlagene Einheit",
        ],
    ),
    (
        "console.qualification_issued",
        [
            "Certification délivrée.",
            "Qualification issued.",
            "Kwalificatie uitgereikt.",
            "Qualifikation ausgestellt.",
        ],
    ),
    (
        "console.qualifications_issued",
        [
            "Certifications délivrées",
            "Qualifications issued",
            "Kwalificaties uitgereikt",
            "Ausgestellte Qualifikationen",
        ],
    ),
    ("console.reason", ["Motif", "Reason", "Reden", "Grund"]),
    (
        "console.recognitions",
        [
            "Unités venues d'ailleurs (reconnaissance)",
            "Units from elsewhere (recognition)",
            "Eenheden van elders (erkenning)",
            "Einheiten von anderswo (Anerkennung)",
        ],
    ),
    (
        "console.record",
        [
            "Encoder un résultat d'évaluation",
            "Record an assessment result",
            "Evaluatieresultaat invoeren",
            "Prüfungsergebnis erfassen",
        ],
    ),
    (
        "console.recorded",
        [
            "Résultat enregistré.",
            "Result recorded.",
            "Resultaat opgeslagen.",
            "Ergebnis gespeichert.",
        ],
    ),
    (
        "console.recorded_rows",
        ["Enregistrées", "Recorded", "Opgeslagen", "Erfasst"],
    ),
    (
        "console.referential_file",
        [
            "Fichier du référentiel (JSON)",
            "Referential file (JSON)",
            "Bestand van het referentiekader (JSON)",
            "Datei des Referenzrahmens (JSON)",
        ],
    ),
    (
        "console.refuse",
        ["Refuser", "Refuse", "Weigeren", "Ablehnen"],
    ),
    (
        "console.reinstate",
        ["Rétablir", "Reinstate", "Herstellen", "Wiederherstellen"],
    ),
    (
        "console.rejected",
        ["Refusées", "Rejected", "Geweigerd", "Abgelehnt"],
    ),
    (
        "console.remediation",
        [
            "Note de remédiation (si non validée)",
            "Remediation note (if not validated)",
            "Remediëringsnota (indien niet gevalideerd)",
            "Hinweis zur Nachholung (falls nicht validiert)",
        ],
    ),
    (
        "console.results_file",
        [
            "Fichier de résultats (CSV ou JSON)",
            "Result file (CSV or JSON)",
            "Resultatenbestand (CSV of JSON)",
            "Ergebnisdatei (CSV oder JSON)",
        ],
    ),
    (
        "console.results_format",
        [
            "Colonnes CSV : learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note",
            "CSV columns: learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note",
            "CSV-kolommen: learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note",
            "CSV-Spalten: learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note",
        ],
    ),
    (
        "console.results_hint",
        [
            "Déposer le fichier de résultats d'une cohorte",
            "Upload a cohort's result file",
            "Resultatenbestand van een groep opladen",
            "Ergebnisdatei einer Gruppe hochladen",
        ],
    ),
    (
        "console.results_lead",
        [
            "Un fichier par cohorte : une ligne par apprenant·e et par unité. Les attestations sont émises au fil de l'import ; on peut renvoyer le même fichier sans doublon.",
            "One file per cohort: one row per learner and unit. Credentials are issued as the import goes; sending the same file again issues nothing twice.",
            "Eén bestand per groep: één regel per leerling en eenheid. Bewijzen worden tijdens de import uitgereikt; hetzelfde bestand opnieuw sturen geeft geen dubbels.",
            "Eine Datei pro Gruppe: eine Zeile pro Person und Einheit. Nachweise werden während des Imports ausgestellt; dieselbe Datei erneut senden erzeugt keine Doppel.",
        ],
    ),
    (
        "console.retired",
        ["Retirée le", "Retired", "Buiten gebruik", "Außer Dienst"],
    ),
    (
        "console.reviews",
        [
            "Révisions de certifications",
            "Qualification reviews",
            "Herzieningen van kwalificaties",
            "Überprüfung von Qualifikationen",
        ],
    ),
    (
        "console.reviews_lead",
        [
            "Une certification dont une unité a été révoquée est suspendue jusqu'à votre décision : la rétablir ou la révoquer, avec un motif.",
            "A qualification resting on a revoked unit is suspended until you decide: reinstate or revoke it, with a reason.",
            "Een kwalificatie waarvan een eenheid werd ingetrokken, is geschorst tot uw beslissing: herstellen of intrekken, met een reden.",
            "Eine Qualifikation, deren Einheit widerrufen wurde, ist bis zu Ihrer Entscheidung ausgesetzt: wiederherstellen oder widerrufen, mit Begründung.",
        ],
    ),
    (
        "console.revoke",
        ["Révoquer", "Revoke", "Intrekken", "Widerrufen"],
    ),
    (
        "console.revoked_unit",
        [
            "Unité révoquée",
            "Revoked unit",
            "Ingetrokken eenheid",
            "Widerrufene Einheit",
        ],
    ),
    ("console.role", ["Rôle", "Role", "Rol", "Rolle"]),
    (
        "console.rotate",
        [
            "Renouveler la clé de signature",
            "Rotate the signing key",
            "Ondertekeningssleutel vernieuwen",
            "Signaturschlüssel erneuern",
        ],
    ),
    (
        "console.rotated",
        [
            "Nouvelle clé active.",
            "New key active.",
            "Nieuwe sleutel actief.",
            "Neuer Schlüssel aktiv.",
        ],
    ),
    (
        "console.row_errors",
        [
            "Lignes refusées",
            "Rejected rows",
            "Geweigerde regels",
            "Abgelehnte Zeilen",
        ],
    ),
    ("console.rows", ["Lignes", "Rows", "Regels", "Zeilen"]),
    (
        "console.save",
        ["Enregistrer", "Record", "Opslaan", "Speichern"],
    ),
    ("console.sector", ["Secteur", "Sector", "Sector", "Bereich"]),
    (
        "console.shown",
        [
            "Entrées affichées (les plus récentes)",
            "Entries shown (latest first)",
            "Getoonde regels (recentste eerst)",
            "Angezeigte Einträge (neueste zuerst)",
        ],
    ),
    (
        "console.sign_in",
        ["Se connecter", "Sign in", "Aanmelden", "Anmelden"],
    ),
    (
        "console.staff_added",
        [
            "Compte créé.",
            "Account created.",
            "Account aangemaakt.",
            "Konto erstellt.",
        ],
    ),
    (
        "console.staff_disabled",
        [
            "Compte désactivé ; ses sessions sont fermées.",
            "Account disabled; its sessions are closed.",
            "Account uitgeschakeld; sessies gesloten.",
            "Konto deaktiviert; Sitzungen beendet.",
        ],
    ),
    (
        "console.status_changed",
        [
            "Statut modifié ; la liste de statut publiée le reflète.",
            "Status changed; the published status list shows it.",
            "Status gewijzigd; de gepubliceerde statuslijst toont het.",
            "Status geändert; die veröffentlichte Statusliste zeigt es.",
        ],
    ),
    (
        "console.suspend",
        ["Suspendre", "Suspend", "Schorsen", "Aussetzen"],
    ),
    (
        "console.throttled",
        [
            "Trop d'essais manqués depuis cette adresse. Réessayez dans 15 minutes.",
            "Too many failed attempts from this address. Try again in 15 minutes.",
            "Te veel mislukte pogingen vanaf dit adres. Probeer het over 15 minuten opnieuw.",
            "Zu viele Fehlversuche von dieser Adresse. Versuchen Sie es in 15 Minuten erneut.",
        ],
    ),
    (
        "console.title",
        [
            "Console de l'école",
            "School console",
            "Schoolconsole",
            "Schulkonsole",
        ],
    ),
    (
        "console.units_issued",
        [
            "Attestations d'unité délivrées",
            "Unit credentials issued",
            "Eenheidsbewijzen uitgereikt",
            "Ausgestellte Einheitsnachweise",
        ],
    ),
    (
        "console.upload",
        [
            "Importer le fichier",
            "Import the file",
            "Bestand importeren",
            "Datei importieren",
        ],
    ),
    (
        "console.version",
        ["Version", "Version", "Versie", "Version"],
    ),
    (
        "err.bad_form",
        [
            "Formulaire incomplet.",
            "Incomplete form.",
            "Onvolledig formulier.",
            "Unvollständiges Formular.",
        ],
    ),
    (
        "err.csrf",
        [
            "Ce formulaire n'a pas pu être vérifié (jeton de sécurité absent ou d'un autre site). Rechargez la page et réessayez.",
            "This form could not be checked (security token missing or from another site). Reload the page and try again.",
            "Dit formulier kon niet worden gecontroleerd (beveiligingstoken ontbreekt of komt van een andere site). Laad de pagina opnieuw.",
            "Dieses Formular konnte nicht geprüft werden (Sicherheitstoken fehlt oder stammt von einer anderen Seite). Laden Sie die Seite neu.",
        ],
    ),
    (
        "err.csrf.title",
        [
            "Formulaire expiré",
            "Form expired",
            "Formulier verlopen",
            "Formular abgelaufen",
        ],
    ),
    (
        "err.internal",
        [
            "Une erreur interne est survenue ; réessayez plus tard.",
            "An internal error occurred; please try again later.",
            "Er is een interne fout opgetreden; probeer het later opnieuw.",
            "Ein interner Fehler ist aufgetreten; bitte später erneut versuchen.",
        ],
    ),
    (
        "footer",
        [
            "unitcred · attestations signées des unités d'acquis d'apprentissage (UAA, ECVET, Europass)",
            "unitcred · signed credentials for units of learning outcomes (UAA, ECVET, Europass)",
            "unitcred · ondertekende bewijzen van eenheden leerresultaten (ECVET, Europass)",
            "unitcred · signierte Nachweise für Lernergebniseinheiten (ECVET, Europass)",
        ],
    ),
    (
        "home.console",
        [
            "Personnel de l'école : référentiel, résultats, jury, révocations, clés.",
            "School staff: referential, results, jury, revocations, keys.",
            "Schoolpersoneel: referentiekader, resultaten, jury, intrekkingen, sleutels.",
            "Schulpersonal: Referenzrahmen, Ergebnisse, Ausschuss, Widerrufe, Schlüssel.",
        ],
    ),
    (
        "home.lead",
        [
            "Chaque unité d'acquis d'apprentissage validée reçoit une attestation signée ; la certification suit quand toutes les unités sont validées.",
            "Every validated unit of learning outcomes gets a signed credential; the qualification follows when every unit is validated.",
            "Elke gevalideerde eenheid leerresultaten krijgt een ondertekend bewijs; de kwalificatie volgt als alle eenheden gevalideerd zijn.",
            "Jede validierte Lernergebniseinheit erhält einen signierten Nachweis; die Qualifikation folgt, wenn alle Einheiten validiert sind.",
        ],
    ),
    (
        "home.learner",
        [
            "Votre progression, vos attestations et votre portefeuille, avec le lien reçu de l'école.",
            "Your progress, your credentials and your wallet bundle, with the link from your school.",
            "Je voortgang, je bewijzen en je bundel, met de link van je school.",
            "Ihr Fortschritt, Ihre Nachweise und Ihr Paket, mit dem Link Ihrer Schule.",
        ],
    ),
    (
        "home.title",
        [
            "Attestations d'unités et de certifications",
            "Unit and qualification credentials",
            "Bewijzen van eenheden en kwalificaties",
            "Nachweise für Einheiten und Qualifikationen",
        ],
    ),
    (
        "home.verify",
        [
            "Employeur ou organisme : vérifiez une attestation, un portefeuille ou une présentation.",
            "Employer or provider: verify a credential, a bundle or a presentation.",
            "Werkgever of opleider: verifieer een bewijs, een bundel of een presentatie.",
            "Arbeitgeber oder Anbieter: prüfen Sie einen Nachweis, ein Paket oder eine Präsentation.",
        ],
    ),
    (
        "job.done",
        [
            "Import terminé.",
            "Import finished.",
            "Import voltooid.",
            "Import abgeschlossen.",
        ],
    ),
    (
        "job.failed",
        [
            "Import refusé.",
            "Import refused.",
            "Import geweigerd.",
            "Import abgelehnt.",
        ],
    ),
    (
        "job.interrupted",
        [
            "Import interrompu (le serveur s'est arrêté) : renvoyez le fichier, rien ne sera doublé.",
            "Import interrupted (the server stopped): send the file again, nothing is issued twice.",
            "Import onderbroken (server gestopt): stuur het bestand opnieuw, niets wordt dubbel uitgereikt.",
            "Import unterbrochen (Server gestoppt): Datei erneut senden, nichts wird doppelt ausgestellt.",
        ],
    ),
    (
        "job.running",
        [
            "Import en cours…",
            "Import running…",
            "Import bezig…",
            "Import läuft…",
        ],
    ),
    ("key.active", ["active", "active", "actief", "aktiv"]),
    (
        "key.compromised",
        [
            "compromise",
            "compromised",
            "gecompromitteerd",
            "kompromittiert",
        ],
    ),
    (
        "key.retired",
        ["retirée", "retired", "buiten gebruik", "außer Dienst"],
    ),
    (
        "kind.credential",
        ["Attestation", "Credential", "Bewijs", "Nachweis"],
    ),
    (
        "kind.edc",
        [
            "Credential européen (Europass)",
            "European Digital Credential (Europass)",
            "Europese digitale credential (Europass)",
            "Europäischer digitaler Nachweis (Europass)",
        ],
    ),
    (
        "kind.qualification",
        [
            "Certification",
            "Qualification",
            "Kwalificatie",
            "Qualifikation",
        ],
    ),
    (
        "kind.record",
        [
            "Relevé complet (CLR)",
            "Full record (CLR)",
            "Volledig overzicht (CLR)",
            "Gesamtnachweis (CLR)",
        ],
    ),
    (
        "kind.unit",
        [
            "Unité d'acquis d'apprentissage",
            "Unit of learning outcomes",
            "Eenheid leerresultaten",
            "Lernergebniseinheit",
        ],
    ),
    (
        "learner.back",
        [
            "Retour à ma page",
            "Back to my page",
            "Terug naar mijn pagina",
            "Zurück zu meiner Seite",
        ],
    ),
    (
        "learner.bad_code",
        [
            "Ce code ou ce lien n'est pas valable (inconnu, expiré ou révoqué). Demandez-en un nouveau à votre école.",
            "This code or link is not valid (unknown, expired or revoked). Ask your school for a new one.",
            "Deze code of link is niet geldig (onbekend, verlopen of ingetrokken). Vraag je school om een nieuwe.",
            "Dieser Code oder Link ist ungültig (unbekannt, abgelaufen oder widerrufen). Bitten Sie Ihre Schule um einen neuen.",
        ],
    ),
    (
        "learner.bundle_hint",
        [
            "Toutes vos attestations, votre relevé et un PDF avec codes QR, vérifiables même hors ligne.",
            "All your credentials, your record and a PDF with QR codes, verifiable even offline.",
            "Al je bewijzen, je overzicht en een pdf met QR-codes, ook offline te verifiëren.",
            "Alle Nachweise, Ihr Gesamtnachweis und ein PDF mit QR-Codes, auch offline prüfbar.",
        ],
    ),
    (
        "learner.code",
        [
            "Code personnel",
            "Personal code",
            "Persoonlijke code",
            "Persönlicher Code",
        ],
    ),
    (
        "learner.credential",
        ["Attestation", "Credential", "Bewijs", "Nachweis"],
    ),
    (
        "learner.credentials",
        ["Mes attestations", "Credentials", "Bewijzen", "Nachweise"],
    ),
    (
        "learner.download",
        [
            "Télécharger mon portefeuille (.zip)",
            "Download my wallet bundle (.zip)",
            "Mijn bundel downloaden (.zip)",
            "Mein Paket herunterladen (.zip)",
        ],
    ),
    (
        "learner.ecvet_required",
        [
            "points ECVET requis",
            "ECVET points required",
            "vereiste ECVET-punten",
            "erforderliche ECVET-Punkte",
        ],
    ),
    (
        "learner.europass",
        [
            "Télécharger pour Europass",
            "Download for Europass",
            "Downloaden voor Europass",
            "Für Europass herunterladen",
        ],
    ),
    ("learner.hello", ["Bonjour", "Hello", "Hallo", "Hallo"]),
    (
        "learner.in_all",
        ["au total", "in all", "in totaal", "insgesamt"],
    ),
    (
        "learner.issued",
        [
            "Délivrée le",
            "Issued on",
            "Uitgegeven op",
            "Ausgestellt am",
        ],
    ),
    (
        "learner.json",
        [
            "Voir l'attestation signée (JSON)",
            "Show the signed credential (JSON)",
            "Ondertekend bewijs tonen (JSON)",
            "Signierten Nachweis anzeigen (JSON)",
        ],
    ),
    (
        "learner.jury",
        [
            "Toutes les unités sont validées : la certification attend la décision du jury.",
            "Every unit is validated: the qualification awaits the jury's decision.",
            "Alle eenheden zijn gevalideerd: de kwalificatie wacht op de beslissing van de jury.",
            "Alle Einheiten sind validiert: die Qualifikation wartet auf die Entscheidung des Ausschusses.",
        ],
    ),
    (
        "learner.lead",
        [
            "Entrez le code personnel reçu de votre école (il commence par ucl_), ou ouvrez le lien qu'elle vous a envoyé.",
            "Enter the personal code from your school (it starts with ucl_), or open the link it sent you.",
            "Voer de persoonlijke code van je school in (begint met ucl_), of open de link die je kreeg.",
            "Geben Sie den persönlichen Code Ihrer Schule ein (beginnt mit ucl_) oder öffnen Sie den erhaltenen Link.",
        ],
    ),
    (
        "learner.need_code",
        [
            "Ouvrez d'abord votre page avec votre code ou votre lien.",
            "Open your page with your code or link first.",
            "Open eerst je pagina met je code of link.",
            "Öffnen Sie zuerst Ihre Seite mit Code oder Link.",
        ],
    ),
    (
        "learner.offer.alt",
        [
            "Code QR de l'offre d'attestation",
            "QR code of the credential offer",
            "QR-code van het aanbod",
            "QR-Code des Angebots",
        ],
    ),
    (
        "learner.offer.expires",
        [
            "Valable jusqu'au",
            "Valid until",
            "Geldig tot",
            "Gültig bis",
        ],
    ),
    (
        "learner.offer.lead",
        [
            "Scannez ce code QR avec votre application de portefeuille (OpenID4VCI).",
            "Scan this QR code with your wallet app (OpenID4VCI).",
            "Scan deze QR-code met je wallet-app (OpenID4VCI).",
            "Scannen Sie diesen QR-Code mit Ihrer Wallet-App (OpenID4VCI).",
        ],
    ),
    (
        "learner.offer.open",
        [
            "Ouvrir dans le portefeuille de cet appareil",
            "Open in this device's wallet",
            "Openen in de wallet van dit toestel",
            "In der Wallet dieses Geräts öffnen",
        ],
    ),
    (
        "learner.offer.title",
        [
            "Ajouter à mon portefeuille",
            "Add to my wallet",
            "Toevoegen aan mijn wallet",
            "Zum Wallet hinzufügen",
        ],
    ),
    (
        "learner.open",
        [
            "Ouvrir ma page",
            "Open my page",
            "Mijn pagina openen",
            "Meine Seite öffnen",
        ],
    ),
    (
        "learner.points",
        [
            "Points ECVET obtenus",
            "ECVET points earned",
            "Behaalde ECVET-punten",
            "Erreichte ECVET-Punkte",
        ],
    ),
    (
        "learner.qualified",
        [
            "Certification obtenue.",
            "Qualification awarded.",
            "Kwalificatie behaald.",
            "Qualifikation erworben.",
        ],
    ),
    (
        "learner.refused",
        [
            "Cette page appartient à un·e autre apprenant·e : votre code n'ouvre que la vôtre.",
            "This page belongs to another learner: your code opens only your own.",
            "Deze pagina hoort bij een andere leerling: je code opent alleen de jouwe.",
            "Diese Seite gehört einer anderen Person: Ihr Code öffnet nur Ihre eigene.",
        ],
    ),
    (
        "learner.refused.title",
        [
            "Accès refusé",
            "Access refused",
            "Toegang geweigerd",
            "Zugriff verweigert",
        ],
    ),
    ("learner.school", ["École", "School", "School", "Schule"]),
    ("learner.see", ["Détails", "Details", "Details", "Details"]),
    (
        "learner.share",
        [
            "Lien de vérification à partager",
            "Verification link to share",
            "Verificatielink om te delen",
            "Prüflink zum Teilen",
        ],
    ),
    ("learner.state", ["État", "State", "Status", "Status"]),
    (
        "learner.title",
        [
            "Ma progression",
            "My progress",
            "Mijn voortgang",
            "Mein Fortschritt",
        ],
    ),
    (
        "learner.tx_code",
        [
            "Code à saisir dans le portefeuille :",
            "Code to type in the wallet:",
            "Code om in te voeren in de wallet:",
            "Im Wallet einzugebender Code:",
        ],
    ),
    ("learner.unit", ["Unité", "Unit", "Eenheid", "Einheit"]),
    (
        "learner.unit_title",
        ["Intitulé", "Title", "Titel", "Titel"],
    ),
    (
        "learner.units",
        ["Unités", "Units", "Eenheden", "Einheiten"],
    ),
    (
        "learner.verify",
        ["Vérifier", "Verify", "Verifiëren", "Prüfen"],
    ),
    (
        "learner.wallet",
        [
            "Ajouter à mon portefeuille numérique",
            "Add to my digital wallet",
            "Toevoegen aan mijn digitale wallet",
            "Zur digitalen Brieftasche hinzufügen",
        ],
    ),
    (
        "nav.audit",
        [
            "Journal d'audit",
            "Audit log",
            "Auditlogboek",
            "Prüfprotokoll",
        ],
    ),
    ("nav.awards", ["Jury", "Jury", "Jury", "Prüfungsausschuss"]),
    (
        "nav.console",
        [
            "Console école",
            "School console",
            "Schoolconsole",
            "Schulkonsole",
        ],
    ),
    (
        "nav.dashboard",
        ["Tableau de bord", "Dashboard", "Overzicht", "Übersicht"],
    ),
    ("nav.home", ["Accueil", "Home", "Startpagina", "Startseite"]),
    ("nav.keys", ["Clés", "Keys", "Sleutels", "Schlüssel"]),
    (
        "nav.label",
        [
            "Navigation principale",
            "Main navigation",
            "Hoofdnavigatie",
            "Hauptnavigation",
        ],
    ),
    ("nav.languages", ["Langue", "Language", "Taal", "Sprache"]),
    (
        "nav.learner",
        ["Apprenant·e", "Learner", "Leerling", "Lernende"],
    ),
    (
        "nav.learners",
        ["Apprenant·es", "Learners", "Leerlingen", "Lernende"],
    ),
    (
        "nav.logout",
        ["Se déconnecter", "Sign out", "Afmelden", "Abmelden"],
    ),
    (
        "nav.profiles",
        [
            "Profils de certification",
            "Qualification profiles",
            "Kwalificatieprofielen",
            "Qualifikationsprofile",
        ],
    ),
    (
        "nav.results",
        [
            "Résultats de cohorte",
            "Cohort results",
            "Resultaten van de groep",
            "Ergebnisse der Gruppe",
        ],
    ),
    (
        "nav.skip",
        [
            "Aller au contenu",
            "Skip to content",
            "Naar de inhoud",
            "Zum Inhalt",
        ],
    ),
    ("nav.staff", ["Personnel", "Staff", "Personeel", "Personal"]),
    ("nav.verify", ["Vérifier", "Verify", "Verifiëren", "Prüfen"]),
    (
        "outcome.not_validated",
        [
            "non validée",
            "not validated",
            "niet gevalideerd",
            "nicht validiert",
        ],
    ),
    (
        "outcome.validated",
        ["validée", "validated", "gevalideerd", "validiert"],
    ),
    (
        "recognition.accepted",
        ["reconnue", "recognised", "erkend", "anerkannt"],
    ),
    (
        "recognition.proposed",
        ["proposée", "proposed", "voorgesteld", "vorgeschlagen"],
    ),
    (
        "recognition.refused",
        ["refusée", "refused", "geweigerd", "abgelehnt"],
    ),
    (
        "role.admin",
        ["administration", "administrator", "beheerder", "Verwaltung"],
    ),
    (
        "role.assessor",
        ["évaluation", "assessor", "beoordelaar", "Prüfer/in"],
    ),
    (
        "state.failed",
        ["échec", "failed", "mislukt", "fehlgeschlagen"],
    ),
    (
        "state.passed",
        ["réussi", "passed", "geslaagd", "bestanden"],
    ),
    (
        "state.skipped",
        [
            "non vérifié",
            "not checked",
            "niet gecontroleerd",
            "nicht geprüft",
        ],
    ),
    (
        "state.warning",
        ["attention", "caution", "let op", "Achtung"],
    ),
    ("status.active", ["active", "active", "actief", "aktiv"]),
    (
        "status.revoked",
        ["révoquée", "revoked", "ingetrokken", "widerrufen"],
    ),
    (
        "status.suspended",
        ["suspendue", "suspended", "geschorst", "ausgesetzt"],
    ),
    (
        "unit.from",
        [
            "reconnue de",
            "recognised from",
            "erkend van",
            "anerkannt von",
        ],
    ),
    (
        "unit.pending",
        ["à venir", "pending", "nog niet", "ausstehend"],
    ),
    (
        "unit.recognised",
        [
            "reconnue (ailleurs)",
            "recognised (elsewhere)",
            "erkend (elders)",
            "anerkannt (anderswo)",
        ],
    ),
    (
        "unit.remediation",
        [
            "en remédiation",
            "in remediation",
            "in remediëring",
            "in Nachholung",
        ],
    ),
    (
        "unit.validated",
        ["validée", "validated", "gevalideerd", "validiert"],
    ),
    (
        "verdict.fail",
        ["Non valide", "Not valid", "Niet geldig", "Nicht gültig"],
    ),
    (
        "verdict.failed_check",
        [
            "échec de la vérification :",
            "failed check:",
            "mislukte controle:",
            "fehlgeschlagene Prüfung:",
        ],
    ),
    ("verdict.ok", ["Valide", "Valid", "Geldig", "Gültig"]),
    (
        "verdict.warn",
        [
            "Valide, avec une réserve",
            "Valid, with a caveat",
            "Geldig, met een voorbehoud",
            "Gültig, mit Vorbehalt",
        ],
    ),
    (
        "verify.again",
        [
            "Vérifier autre chose",
            "Verify something else",
            "Iets anders verifiëren",
            "Etwas anderes prüfen",
        ],
    ),
    (
        "verify.all_ok",
        [
            "Tout est vérifié.",
            "Everything verified.",
            "Alles geverifieerd.",
            "Alles geprüft.",
        ],
    ),
    (
        "verify.awarded",
        ["Délivré le", "Awarded on", "Toegekend op", "Verliehen am"],
    ),
    (
        "verify.bundle_broken",
        [
            "Portefeuille modifié",
            "Bundle altered",
            "Bundel gewijzigd",
            "Paket verändert",
        ],
    ),
    (
        "verify.bundle_intact",
        [
            "Portefeuille intact : chaque fichier correspond à son empreinte",
            "Bundle intact: every file matches its digest",
            "Bundel intact: elk bestand komt overeen met zijn vingerafdruk",
            "Paket intakt: jede Datei entspricht ihrem Hashwert",
        ],
    ),
    (
        "verify.checks",
        ["Vérifications", "Checks", "Controles", "Prüfungen"],
    ),
    (
        "verify.contains",
        [
            "Attestations incluses",
            "Credentials included",
            "Opgenomen bewijzen",
            "Enthaltene Nachweise",
        ],
    ),
    (
        "verify.count",
        [
            "Attestations vérifiées",
            "Credentials checked",
            "Gecontroleerde bewijzen",
            "Geprüfte Nachweise",
        ],
    ),
    (
        "verify.ecvet",
        [
            "Points ECVET",
            "ECVET points",
            "ECVET-punten",
            "ECVET-Punkte",
        ],
    ),
    (
        "verify.eqf",
        ["Niveau CEC (EQF)", "EQF level", "EQF-niveau", "EQR-Niveau"],
    ),
    (
        "verify.err.empty",
        [
            "Collez une attestation ou choisissez un fichier.",
            "Paste a credential or choose a file.",
            "Plak een bewijs of kies een bestand.",
            "Fügen Sie einen Nachweis ein oder wählen Sie eine Datei.",
        ],
    ),
    (
        "verify.err.json",
        [
            "Ce texte ressemble à du JSON mais n'en est pas : vérifiez qu'il est complet.",
            "This text looks like JSON but is not valid: check it is complete.",
            "Deze tekst lijkt op JSON maar is ongeldig: controleer of hij volledig is.",
            "Dieser Text sieht wie JSON aus, ist aber ungültig: Ist er vollständig?",
        ],
    ),
    (
        "verify.err.none",
        [
            "Aucune attestation trouvée dans ce qui a été envoyé.",
            "No credential found in what was submitted.",
            "Geen bewijs gevonden in wat werd verstuurd.",
            "Kein Nachweis in der Einsendung gefunden.",
        ],
    ),
    (
        "verify.err.not_found",
        [
            "Aucune attestation n'a cet identifiant sur ce serveur.",
            "No credential has this identifier on this server.",
            "Geen bewijs met deze identificatie op deze server.",
            "Kein Nachweis mit dieser Kennung auf diesem Server.",
        ],
    ),
    (
        "verify.err.too_many",
        [
            "Trop d'attestations en une fois (60 au plus).",
            "Too many credentials at once (60 at most).",
            "Te veel bewijzen tegelijk (maximaal 60).",
            "Zu viele Nachweise auf einmal (höchstens 60).",
        ],
    ),
    (
        "verify.err.unknown",
        [
            "Ce n'est ni une attestation JSON, ni un JWT, ni un portefeuille .zip.",
            "This is neither a JSON credential, a JWT nor a wallet .zip.",
            "Dit is geen JSON-bewijs, geen JWT en geen .zip-bundel.",
            "Dies ist weder ein JSON-Nachweis, ein JWT noch ein .zip-Paket.",
        ],
    ),
    (
        "verify.err.unreadable",
        [
            "Ce fichier n'est ni du texte ni un portefeuille .zip.",
            "This file is neither text nor a wallet .zip.",
            "Dit bestand is geen tekst en geen .zip-bundel.",
            "Diese Datei ist weder Text noch ein .zip-Paket.",
        ],
    ),
    (
        "verify.err.zip",
        [
            "Ce fichier .zip n'est pas lisible.",
            "This .zip file cannot be read.",
            "Dit .zip-bestand is onleesbaar.",
            "Diese .zip-Datei ist nicht lesbar.",
        ],
    ),
    (
        "verify.files",
        ["fichiers", "files", "bestanden", "Dateien"],
    ),
    (
        "verify.hashed",
        [
            "identifié·e par empreinte salée",
            "identified by salted hash",
            "geïdentificeerd via gezouten hash",
            "über gesalzenen Hashwert identifiziert",
        ],
    ),
    (
        "verify.holder",
        ["Titulaire", "Holder", "Houder", "Inhaber/in"],
    ),
    (
        "verify.issuer",
        [
            "Émis par",
            "Issued by",
            "Uitgegeven door",
            "Ausgestellt von",
        ],
    ),
    ("verify.kind", ["Type", "Type", "Soort", "Art"]),
    (
        "verify.kind.bundle",
        [
            "Portefeuille de l'apprenant·e",
            "Learner's wallet bundle",
            "Bundel van de leerling",
            "Paket der lernenden Person",
        ],
    ),
    (
        "verify.kind.list",
        [
            "Liste d'attestations",
            "List of credentials",
            "Lijst van bewijzen",
            "Liste von Nachweisen",
        ],
    ),
    (
        "verify.kind.presentation",
        [
            "Présentation",
            "Presentation",
            "Presentatie",
            "Präsentation",
        ],
    ),
    (
        "verify.kind.single",
        [
            "Résultat de la vérification",
            "Verification result",
            "Resultaat van de verificatie",
            "Prüfergebnis",
        ],
    ),
    (
        "verify.lead",
        [
            "Collez une attestation (JSON ou JWT), une présentation ou une liste, ou déposez le fichier ou le portefeuille (.zip) reçu de l'apprenant·e. Chaque signature, l'émetteur, le statut et la validité sont vérifiés.",
            "Paste a credential (JSON or JWT), a presentation or a list, or upload the file or wallet bundle (.zip) the learner gave you. Every signature, the issuer, the status and the validity are checked.",
            "Plak een bewijs (JSON of JWT), een presentatie of een lijst, of laad het bestand of de bundel (.zip) van de leerling op. Handtekening, uitgever, status en geldigheid worden gecontroleerd.",
            "Fügen Sie einen Nachweis (JSON oder JWT), eine Präsentation oder eine Liste ein oder laden Sie die Datei oder das Paket (.zip) hoch. Signatur, Aussteller, Status und Gültigkeit werden geprüft.",
        ],
    ),
    (
        "verify.learner",
        ["Apprenant·e", "Learner", "Lerende", "Lernende Person"],
    ),
    (
        "verify.no_end",
        [
            "sans limite",
            "no end date",
            "zonder einddatum",
            "unbefristet",
        ],
    ),
    (
        "verify.not_all_ok",
        [
            "Au moins une vérification a échoué : voir le détail ci-dessous.",
            "At least one check failed: see below.",
            "Minstens één controle is mislukt: zie hieronder.",
            "Mindestens eine Prüfung ist fehlgeschlagen: siehe unten.",
        ],
    ),
    (
        "verify.other",
        [
            "Vérifier une autre attestation",
            "Verify another credential",
            "Een ander bewijs verifiëren",
            "Einen anderen Nachweis prüfen",
        ],
    ),
    (
        "verify.paste",
        [
            "Attestation à vérifier",
            "Credential to verify",
            "Te verifiëren bewijs",
            "Zu prüfender Nachweis",
        ],
    ),
    (
        "verify.paste_hint",
        [
            "Le texte complet, tel que reçu.",
            "The whole text, as received.",
            "De volledige tekst, zoals ontvangen.",
            "Der vollständige Text, wie erhalten.",
        ],
    ),
    (
        "verify.private",
        [
            "Rien de ce que vous envoyez n'est conservé.",
            "Nothing you submit is stored.",
            "Niets van wat u verstuurt wordt bewaard.",
            "Nichts, was Sie senden, wird gespeichert.",
        ],
    ),
    ("verify.seal", ["Cachet", "Seal", "Zegel", "Siegel"]),
    (
        "verify.submit",
        ["Vérifier", "Verify", "Verifiëren", "Prüfen"],
    ),
    (
        "verify.title",
        [
            "Vérifier une attestation",
            "Verify a credential",
            "Een bewijs verifiëren",
            "Einen Nachweis prüfen",
        ],
    ),
    (
        "verify.unnamed",
        [
            "non précisé",
            "not stated",
            "niet vermeld",
            "nicht angegeben",
        ],
    ),
    (
        "verify.unproven",
        [
            "Le contenu ci-dessous n'est pas garanti par l'émetteur : ne vous y fiez pas.",
            "The content below is not vouched for by the issuer: do not rely on it.",
            "De inhoud hieronder wordt niet door de uitgever gewaarborgd: vertrouw er niet op.",
            "Der folgende Inhalt ist nicht vom Aussteller bestätigt: verlassen Sie sich nicht darauf.",
        ],
    ),
    (
        "verify.untitled",
        [
            "Attestation sans titre",
            "Untitled credential",
            "Bewijs zonder titel",
            "Nachweis ohne Titel",
        ],
    ),
    (
        "verify.upload",
        [
            "Ou un fichier (.json, .jwt, portefeuille .zip)",
            "Or a file (.json, .jwt, wallet .zip)",
            "Of een bestand (.json, .jwt, bundel .zip)",
            "Oder eine Datei (.json, .jwt, Paket .zip)",
        ],
    ),
    (
        "verify.valid_from",
        [
            "Valable à partir du",
            "Valid from",
            "Geldig vanaf",
            "Gültig ab",
        ],
    ),
    (
        "verify.valid_until",
        [
            "Valable jusqu'au",
            "Valid until",
            "Geldig tot",
            "Gültig bis",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        for pair in STRINGS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} / {}", pair[0].0, pair[1].0);
        }
        for (key, texts) in STRINGS {
            assert!(texts.iter().all(|t| !t.is_empty()), "{key}");
        }
        // Every key the pages use has its four texts.
        for file in [
            include_str!("mod.rs"),
            include_str!("verifier/mod.rs"),
            include_str!("verifier/card.rs"),
            include_str!("learner.rs"),
            include_str!("console/mod.rs"),
            include_str!("console/signin.rs"),
            include_str!("console/dashboard.rs"),
            include_str!("console/referential.rs"),
            include_str!("console/learners.rs"),
            include_str!("console/recognitions.rs"),
            include_str!("console/results.rs"),
            include_str!("console/jury.rs"),
            include_str!("console/admin.rs"),
            include_str!("page.rs"),
        ] {
            for part in file.split(".t(\"").skip(1) {
                let key = &part[..part.find('"').unwrap()];
                assert!(
                    STRINGS.binary_search_by(|(k, _)| (*k).cmp(key)).is_ok(),
                    "no text for {key}"
                );
            }
        }
    }

    #[test]
    fn accept_language_picks_the_first_known() {
        assert_eq!(Lang::from_accept("nl-BE,nl;q=0.9,fr;q=0.8"), Lang::Nl);
        assert_eq!(Lang::from_accept("es-ES,de;q=0.5"), Lang::De);
        assert_eq!(Lang::from_accept(""), Lang::Fr);
        assert_eq!(Lang::En.t("verdict.ok"), "Valid");
        assert_eq!(Lang::Fr.check("proof"), "Signature");
        assert_eq!(Lang::Fr.check("<x>"), "&lt;x&gt;");
    }
}
