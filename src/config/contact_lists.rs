//! `default_region`, `[[contacts]]`, `[[third_parties]]` and `[[scams]]`
//! of book.toml, validated together: each value must read as what it
//! claims to be, and no value may be on two lists.

use toml::Spanned;

use super::{CONFIG_FILE, Contact, LanguageConfig, RawScam, Scam, ThirdParty, did_you_mean};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The offset of `key = …` inside the table that spans `span` (so an error
/// points at the line of the value, not the table's header), else the
/// table's start.
fn field_offset(source: &str, span: std::ops::Range<usize>, key: &str) -> usize {
    // The span of an array-of-tables entry may cover only its header: read
    // on to the next header.
    let rest = source.get(span.start..).unwrap_or_default();
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if i > 0 && trimmed.starts_with('[') {
            break;
        }
        if trimmed
            .strip_prefix(key)
            .is_some_and(|after| after.trim_start().starts_with('='))
        {
            return span.start + offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    span.start
}

/// The validated contact lists of book.toml.
pub(super) struct ContactLists {
    pub contacts: Vec<Contact>,
    pub region: Option<crate::contact::phone::Region>,
    pub third_parties: Vec<ThirdParty>,
    pub scams: Vec<Scam>,
}

/// `default_region`, `[[contacts]]`, `[[third_parties]]` and `[[scams]]`:
/// every value must read as what it claims to be, registry phone numbers
/// with their country code, ids unique, languages known, and nothing both
/// official and something else.
pub(super) fn validate_contact_lists(
    contacts: Vec<Spanned<Contact>>,
    region: Option<Spanned<String>>,
    third_parties: Vec<Spanned<ThirdParty>>,
    scams: Vec<Spanned<RawScam>>,
    languages: &[LanguageConfig],
    source: &str,
    errors: &mut Diagnostics,
) -> ContactLists {
    use crate::contact::phone::Region;
    use crate::contact::registry::{listed_key, official_key, registry_problem};
    let error_at = |offset: usize, message: String| {
        Diagnostic::error("config", CONFIG_FILE, message).at_offset(source, offset)
    };
    let known_language = |lang: &str| languages.iter().any(|l| l.code == lang);

    let region = region.and_then(|code| match Region::from_code(code.get_ref()) {
        Some(region) => Some(region),
        None => {
            let mut d = error_at(
                code.span().start,
                format!(
                    "`default_region` `{}` is not a region code",
                    code.get_ref()
                ),
            );
            d = match did_you_mean(code.get_ref(), &Region::known_codes()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(
                    "use the two-letter ISO code of the country whose national phone numbers articles and readers write, e.g. `CN` or `US`",
                ),
            };
            errors.push(d);
            None
        }
    });

    let mut official = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for contact in contacts {
        let span = contact.span();
        let offset = field_offset(source, span.clone(), "value");
        let contact = contact.into_inner();
        if contact.value.trim().is_empty() {
            errors.push(error_at(offset, "a contact has an empty `value`".into()));
        } else if let Some(problem) = registry_problem(&contact, region.as_ref()) {
            // A registry entry `check` cannot compare against would make
            // every spelling of it in the articles an error, or none.
            errors.push(error_at(offset, problem));
        } else if let Some(key) = official_key(&contact, region.as_ref()) {
            official.push((key, contact.value.clone()));
        }
        if let Some(id) = &contact.id {
            let offset = field_offset(source, span.clone(), "id");
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !valid {
                errors.push(
                    error_at(offset, format!("contact id `{id}` must be lowercase letters, digits, `-` or `_`"))
                        .with_help("for example `id = \"hotline\"`; articles reference it as `[](contact:hotline)`"),
                );
            } else if ids.contains(id) {
                errors.push(error_at(offset, format!("contact id `{id}` is used twice")));
            } else {
                ids.push(id.clone());
            }
        }
        for lang in contact.languages.iter().chain(contact.translations.keys()) {
            if !known_language(lang) {
                errors.push(error_at(
                    offset,
                    format!(
                        "contact `{}` lists language `{lang}`, which is not in `languages`",
                        contact.value
                    ),
                ));
            }
        }
        out.push(contact);
    }

    // The same value on two lists would give two answers.
    let clash = |key: &crate::contact::Normalized| {
        official
            .iter()
            .find(|(o, _)| o == key)
            .map(|(_, value)| value.clone())
    };
    let mut parties = Vec::new();
    for party in third_parties {
        let offset = field_offset(source, party.span(), "contacts");
        let party = party.into_inner();
        if party.name.trim().is_empty() {
            errors.push(error_at(offset, "a third party has an empty `name`".into()));
        }
        for value in &party.contacts {
            match listed_key(value, region.as_ref()) {
                Err(problem) => errors.push(error_at(
                    offset,
                    format!("third party `{}`: {problem}", party.name),
                )),
                Ok(key) => {
                    if let Some(official) = clash(&key) {
                        errors.push(error_at(
                            offset,
                            format!("`{value}` is both an official contact (`{official}`) and a contact of third party `{}`", party.name),
                        ));
                    }
                }
            }
        }
        for lang in party.translations.keys() {
            if !known_language(lang) {
                errors.push(error_at(
                    offset,
                    format!("third party `{}` has a translation for `{lang}`, which is not in `languages`", party.name),
                ));
            }
        }
        parties.push(party);
    }

    let mut reported = Vec::new();
    for scam in scams {
        let span = scam.span();
        let offset = field_offset(source, span.clone(), "value");
        let scam = scam.into_inner();
        match listed_key(&scam.value, region.as_ref()) {
            Err(problem) => errors.push(error_at(offset, format!("scam: {problem}"))),
            Ok(key) => {
                if let Some(official) = clash(&key) {
                    errors.push(
                        error_at(
                            offset,
                            format!(
                                "reported scam `{}` is the official contact `{official}`",
                                scam.value
                            ),
                        )
                        .with_help("a value is either official or a scam: remove it from one list"),
                    );
                }
            }
        }
        let text = match &scam.reported {
            toml::Value::Datetime(d) if d.time.is_none() => d.to_string(),
            toml::Value::String(s) => s.clone(),
            _ => String::new(),
        };
        let date = crate::content::parse_date(&text);
        let Some(date) = date else {
            errors.push(
                error_at(
                    field_offset(source, span.clone(), "reported"),
                    format!("scam `{}`: `reported` must be a date", scam.value),
                )
                .with_help("the day it was first reported, e.g. `reported = 2026-10-02`"),
            );
            continue;
        };
        for lang in scam.translations.keys() {
            if !known_language(lang) {
                errors.push(error_at(
                    offset,
                    format!(
                        "scam `{}` has a translation for `{lang}`, which is not in `languages`",
                        scam.value
                    ),
                ));
            }
        }
        reported.push(Scam {
            value: scam.value,
            reported: date,
            description: scam.description,
            translations: scam.translations,
        });
    }
    ContactLists {
        contacts: out,
        region,
        third_parties: parties,
        scams: reported,
    }
}
