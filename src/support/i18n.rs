//! The four languages of the service and their texts, held as Fluent files (`locales/*.ftl`,
//! one per language, compiled in). `Lang::t` gives a fixed text; a [`Message`] is a text with
//! arguments that a lower layer produces once (a verifier's check, an API problem) and each
//! reader renders in their own language: English in the API's `detail`, the page's language
//! on the pages.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Fr,
    En,
    Nl,
    De,
}

/// The files, in the order of [`Lang::ALL`].
const SOURCES: [&str; 4] = [
    include_str!("../../locales/fr.ftl"),
    include_str!("../../locales/en.ftl"),
    include_str!("../../locales/nl.ftl"),
    include_str!("../../locales/de.ftl"),
];

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

    /// The language of an ISO 639-1 code, English for any other (documents in a language
    /// the service does not speak get English labels).
    pub fn or_english(code: &str) -> Self {
        Self::parse(code).unwrap_or(Self::En)
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

    /// The fixed text for `key`; `?` if it has none (a test checks every key the code uses
    /// exists in every language).
    pub fn t(self, key: &str) -> &'static str {
        self.t_opt(key).unwrap_or_else(|| {
            debug_assert!(false, "no text for {key}");
            "?"
        })
    }

    /// The fixed text for `key`, if there is one.
    pub fn t_opt(self, key: &str) -> Option<&'static str> {
        FIXED[self.index()].get(key).map(String::as_str)
    }

    /// Whether the files have a message `key` (with or without arguments) in this language.
    pub fn has(self, key: &str) -> bool {
        BUNDLES[self.index()].has_message(key)
    }

    /// The text for `{prefix}-{value}` (a status, a role…), or the value itself.
    pub fn word(self, prefix: &str, value: &str) -> String {
        match self.t_opt(&format!("{prefix}-{value}")) {
            Some(text) => text.to_owned(),
            None => value.to_owned(),
        }
    }

    /// A decimal number as written in this language (`12,5` in French, Dutch and German).
    pub fn number(self, text: &str) -> String {
        match self {
            Self::En => text.to_owned(),
            _ => text.replace('.', ","),
        }
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id = lang
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: the texts go into JSON and HTML, not into mixed-direction
    // UI strings.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(SOURCES[lang.index()].to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            debug_assert!(false, "{}.ftl: {errors:?}", lang.code());
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        debug_assert!(false, "{}.ftl: {errors:?}", lang.code());
    }
    bundle
}

static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 4]> =
    LazyLock::new(|| Lang::ALL.map(bundle));

/// Every message of a file that needs no argument, formatted once: the pages' words.
static FIXED: LazyLock<[HashMap<String, String>; 4]> = LazyLock::new(|| {
    Lang::ALL.map(|lang| {
        let bundle = &BUNDLES[lang.index()];
        ids(SOURCES[lang.index()])
            .filter_map(|id| {
                let pattern = bundle.get_message(id)?.value()?;
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                errors
                    .is_empty()
                    .then(|| (id.to_owned(), text.into_owned()))
            })
            .collect()
    })
});

/// The message identifiers a Fluent file defines (the lines `id = …`).
pub fn ids(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let (id, _) = line.split_once(" =")?;
        let ok = id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then_some(id)
    })
}

/// Messages as last rendered, per language (see [`Message::text`]).
/// One map per language, so a lookup borrows the message instead of copying it into a key;
/// read-locked, since after the first requests nearly every use is a lookup.
static RENDERED: LazyLock<[std::sync::RwLock<HashMap<Message, String>>; Lang::ALL.len()]> =
    LazyLock::new(Default::default);
const RENDERED_MAX: usize = 4096;

/// A text with arguments, rendered in any language. An argument is plain text (a name, a
/// URL, a technical cause quoted as is), a number, or another message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    id: String,
    args: Vec<(String, Arg)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Arg {
    Text(String),
    Number(i64),
    Message(Message),
}

impl Message {
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            args: Vec::new(),
        }
    }

    /// With a text argument.
    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args
            .push((name.to_owned(), Arg::Text(value.to_string())));
        self
    }

    /// With a number argument (which plural forms select on).
    pub fn num(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name.to_owned(), Arg::Number(value)));
        self
    }

    /// With another message as an argument, rendered in the same language.
    pub fn part(mut self, name: &'static str, value: Message) -> Self {
        self.args.push((name.to_owned(), Arg::Message(value)));
        self
    }

    /// A text taken as it is, in every language: a cause reported by a parser or a library,
    /// quoted inside a translated sentence or shown alone.
    pub fn raw(text: impl Into<String>) -> Self {
        Self::new("text").arg("text", text.into())
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The text in `lang`; in English if `lang` lacks it; the identifier if no file has it.
    /// Renderings are remembered: a verifier answer renders the same few messages (a check
    /// line and its arguments) for every request, and a Fluent rendering costs far more than
    /// a lookup.
    pub fn text(&self, lang: Lang) -> String {
        let rendered = &RENDERED[lang.index()];
        if let Some(text) = rendered.read().ok().and_then(|m| m.get(self).cloned()) {
            return text;
        }
        let text = [lang, Lang::En]
            .into_iter()
            .find_map(|l| self.render(l))
            .unwrap_or_else(|| self.id.clone());
        if let Ok(mut m) = rendered.write() {
            // Bounded: messages that quote a parser's cause vary without end.
            if m.len() >= RENDERED_MAX {
                m.clear();
            }
            m.insert(self.clone(), text.clone());
        }
        text
    }

    /// The English text, which the API gives as `detail`.
    pub fn english(&self) -> String {
        self.text(Lang::En)
    }

    fn render(&self, lang: Lang) -> Option<String> {
        let bundle = &BUNDLES[lang.index()];
        let pattern = bundle.get_message(&self.id)?.value()?;
        let mut args = FluentArgs::with_capacity(self.args.len());
        for (name, arg) in &self.args {
            let value = match arg {
                Arg::Text(t) => FluentValue::from(t.clone()),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Message(m) => FluentValue::from(m.text(lang)),
            };
            args.set(name.as_str(), value);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
        debug_assert!(errors.is_empty(), "{}: {errors:?}", self.id);
        Some(text.into_owned())
    }

    /// A message read back from its JSON form (what [`Serialize`] writes).
    pub fn from_json(v: &Value) -> Option<Self> {
        let id = v.get("id")?.as_str()?;
        let mut message = Self::new(id);
        for (name, value) in v
            .get("args")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let arg = match value {
                Value::Number(n) => Arg::Number(n.as_i64()?),
                Value::String(s) => Arg::Text(s.clone()),
                other => Arg::Message(Self::from_json(other)?),
            };
            message.args.push((name.clone(), arg));
        }
        Some(message)
    }
}

/// A message as a struct's `detail` (in English) and `message` (to render in another
/// language); `#[serde(flatten)]` it. Nothing when there is none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail(pub Option<Message>);

impl Serialize for Detail {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(m) = &self.0 {
            map.serialize_entry("detail", &m.english())?;
            map.serialize_entry("message", m)?;
        }
        map.end()
    }
}

/// Serialises a message as its English text (`#[serde(serialize_with = "english")]`).
pub fn english<S: serde::Serializer>(m: &Message, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.english())
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Self::raw(text)
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Args<'a>(&'a [(String, Arg)]);
        impl Serialize for Args<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (name, arg) in self.0 {
                    match arg {
                        Arg::Text(t) => map.serialize_entry(name, t)?,
                        Arg::Number(n) => map.serialize_entry(name, n)?,
                        Arg::Message(m) => map.serialize_entry(name, m)?,
                    }
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("id", &self.id)?;
        if !self.args.is_empty() {
            map.serialize_entry("args", &Args(&self.args))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(source: &str) -> HashMap<&str, Vec<&str>> {
        source
            .lines()
            .filter_map(|line| {
                let (id, text) = line.split_once(" = ")?;
                let mut vars: Vec<&str> = text
                    .split("{ $")
                    .skip(1)
                    .filter_map(|rest| rest.split([' ', '}']).next())
                    .collect();
                vars.sort_unstable();
                vars.dedup();
                Some((id, vars))
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_key_with_the_same_arguments() {
        let english = variables(SOURCES[Lang::En.index()]);
        assert!(english.len() > 250);
        for lang in Lang::ALL {
            let source = SOURCES[lang.index()];
            assert!(
                FluentResource::try_new(source.to_owned()).is_ok(),
                "{}.ftl does not parse",
                lang.code()
            );
            let these = variables(source);
            for (id, vars) in &english {
                assert_eq!(these.get(id), Some(vars), "{id} in {}.ftl", lang.code());
            }
            assert_eq!(
                these.len(),
                english.len(),
                "{}.ftl has extra keys",
                lang.code()
            );
        }
    }

    #[test]
    fn texts_and_messages_render_in_each_language() {
        assert_eq!(Lang::En.t("verdict-ok"), "Valid");
        assert_eq!(Lang::Fr.word("check", "proof"), "Signature");
        assert_eq!(Lang::Fr.word("check", "<x>"), "<x>");
        assert_eq!(Lang::from_accept("nl-BE,nl;q=0.9,fr;q=0.8"), Lang::Nl);
        assert_eq!(Lang::from_accept("es-ES,de;q=0.5"), Lang::De);
        assert_eq!(Lang::from_accept(""), Lang::Fr);
        let m = Message::new("problem-not_found").arg("detail", "x");
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(Message::from_json(&json), Some(m.clone()));
        assert_ne!(m.text(Lang::Fr), m.english());
        assert_eq!(
            Message::new("no-such-message").text(Lang::De),
            "no-such-message"
        );
    }
}
