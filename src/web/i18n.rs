//! The pages' words: the service's languages (`support::i18n`, texts in `locales/*.ftl`) and
//! the few lookups pages make by a value's name (a check, a status, a role…).

pub use crate::support::i18n::{Lang, Message};

/// A value's name in the page's language; the value itself when the files have no word for
/// it. Plain text: the templates escape it.
pub trait Words {
    fn check(self, name: &str) -> String;
    fn status(self, status: &str) -> String;
    fn role(self, role: &str) -> String;
    fn outcome(self, outcome: &str) -> String;
    fn job(self, state: &str) -> String;
    fn recognition(self, status: &str) -> String;
    fn award(self, status: &str) -> String;
}

impl Words for Lang {
    fn check(self, name: &str) -> String {
        self.word("check", name)
    }

    fn status(self, status: &str) -> String {
        self.word("status", status)
    }

    fn role(self, role: &str) -> String {
        self.word("role", role)
    }

    fn outcome(self, outcome: &str) -> String {
        self.word("outcome", outcome)
    }

    fn job(self, state: &str) -> String {
        self.word("job", state)
    }

    fn recognition(self, status: &str) -> String {
        self.word("recognition", status)
    }

    fn award(self, status: &str) -> String {
        self.word("award", status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key a page asks for (`.t("…")`, `.t_opt("…")`, `Message::new("…")`) has a text
    /// in every language (the files' agreement is checked in `support::i18n`).
    #[test]
    fn every_key_the_code_uses_exists() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("src"), &mut files);
        if root.join("templates").is_dir() {
            walk(&root.join("templates"), &mut files);
        }
        let mut used = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for pattern in [".t(\"", ".t_opt(\"", "Message::new(\""] {
                for part in text.split(pattern).skip(1) {
                    let key = &part[..part.find('"').unwrap()];
                    if !key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                        || key == "no-such-message"
                    {
                        continue;
                    }
                    used += 1;
                    for lang in Lang::ALL {
                        assert!(
                            lang.has(key),
                            "no {} text for {key} ({})",
                            lang.code(),
                            file.display()
                        );
                    }
                }
            }
        }
        assert!(used > 300, "{used}");
    }

    /// Every stable code the API answers with has words in every language, so the console
    /// never shows a refusal in English only.
    #[test]
    fn every_api_error_code_has_words() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut codes = Vec::new();
        // Where codes are named in match arms, and where errors are built.
        let arms = [
            std::fs::read_to_string(root.join("error.rs")).unwrap(),
            std::fs::read_to_string(root.join("http/guard.rs")).unwrap(),
        ];
        let mut sources = Vec::new();
        for dir in [
            "http",
            "services",
            "services/import",
            "services/recognition",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "rs") {
                    sources.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let markers = |text: &String| {
            let arm = arms.contains(text);
            ["BadRequest(", "Conflict(", "TooMany(", "=> \""]
                .into_iter()
                .filter(move |m| arm || !m.starts_with('='))
        };
        for text in arms.iter().chain(&sources) {
            for marker in markers(text) {
                for part in text.split(marker).skip(1) {
                    let part = part.trim_start().strip_prefix('"').unwrap_or(part);
                    let Some(code) = part.split('"').next() else {
                        continue;
                    };
                    let is_code = !code.is_empty()
                        && code.len() < 40
                        && code.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                    if is_code && part.len() > code.len() {
                        codes.push(code.to_owned());
                    }
                }
            }
        }
        for code in [
            "validation_failed",
            "credential_revoked",
            "forbidden",
            "learner_not_found",
            "payload_too_large",
            "too_many_requests",
        ] {
            assert!(
                codes.iter().any(|c| c == code),
                "{code} not found in the source"
            );
        }
        for code in codes {
            // Not API codes: words the same patterns match in the pages' lookups.
            if matches!(
                code.as_str(),
                "fr" | "en"
                    | "nl"
                    | "de"
                    | "learner"
                    | "profile"
                    | "unit"
                    | "credential"
                    | "provider"
                    | "award"
            ) {
                continue;
            }
            for lang in Lang::ALL {
                assert!(
                    lang.has(&format!("problem-{code}")),
                    "no {} words for {code}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn words_fall_back_to_the_escaped_value() {
        assert_eq!(Lang::Fr.check("proof"), "Signature");
        assert_eq!(Lang::Fr.check("<x>"), "<x>");
    }
}
