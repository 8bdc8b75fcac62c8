//! Phone numbers with a region.
//!
//! Every number helpbook compares is an E.164 key (`+12025550100`). A
//! number written with `+` or the region's international prefix (`00` in
//! China, `011` in the US) carries its country code; a national spelling
//! (`020-2555-0100`) is read in the site's `default_region`: the trunk
//! prefix goes, the region's country code comes in front. So `+86 202 555
//! 0100` and `020-2555-0100` are `+862025550100` and never the registry's
//! `+12025550100`: a number with a country code matches only the same
//! country code. Without a default region a national spelling has no key
//! and can never be official.
//!
//! The phone-number library (libphonenumber's metadata, through the
//! `phonenumber` crate) runs on the Rust side only: it validates registry
//! numbers, formats them, gives the region's prefixes to the browser, and
//! tells the prose scanner which digit runs are real numbers. The browser
//! needs none of its metadata: `verify.js` computes the same key from the
//! region's three prefixes published with the registry.

use std::str::FromStr;

use phonenumber::country;
use serde::{Deserialize, Serialize};

/// How national spellings are read: the site's `default_region`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// ISO 3166 code, e.g. `CN`.
    pub code: String,
    /// Digits of the country calling code, e.g. `86`.
    pub country_code: String,
    /// The international (IDD) prefix dialled before a country code,
    /// e.g. `00`, `011`; empty when the region has no fixed one.
    pub idd: String,
    /// The national trunk prefix, e.g. `0` (China) or `1` (US); empty when
    /// the region has none (Italy keeps its leading `0` in the number).
    pub trunk: String,
}

impl Region {
    /// The region of an ISO code (`CN`, `us`), from libphonenumber's metadata.
    pub fn from_code(code: &str) -> Option<Region> {
        let code = code.trim().to_uppercase();
        // Only real regions: `001` (non-geographic) is no place to read numbers in.
        if code.len() != 2 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let metadata = phonenumber::metadata::DATABASE.by_id(&code)?;
        let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let idd = match metadata.international_prefix().map(|r| r.as_str()) {
            Some(pattern) if plain(pattern) => pattern.to_string(),
            _ => metadata
                .preferred_international_prefix()
                .filter(|p| plain(p))
                .unwrap_or_default()
                .to_string(),
        };
        Some(Region {
            code,
            country_code: metadata.country_code().to_string(),
            idd,
            trunk: metadata.national_prefix().unwrap_or_default().to_string(),
        })
    }

    /// Every region code of libphonenumber's metadata, for "did you mean"
    /// (a test checks each against the metadata).
    pub fn known_codes() -> Vec<&'static str> {
        const CODES: &str = "AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";
        CODES.split(' ').collect()
    }

    /// Whether `digits` (no `+`) start with this region's international prefix.
    fn dials_out(&self, digits: &str) -> bool {
        !self.idd.is_empty() && digits.starts_with(self.idd.as_str())
    }
}

/// Characters that may separate the digits of a phone number as people
/// write it: spaces, hyphens and dashes, dots, brackets, slashes.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '(' | ')' | '/' | '\u{2010}'..='\u{2015}' | '\u{2212}'
        )
}

/// `(written with +, digits)` when `text` (canonical) is digits with
/// separators and an optional leading `+`, with 5 to 17 digits.
pub fn digits_of(text: &str) -> Option<(bool, String)> {
    let text = text.trim();
    let (plus, body) = match text.strip_prefix('+') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let mut digits = String::new();
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !is_separator(c) {
            return None;
        }
    }
    (5..=17).contains(&digits.len()).then_some((plus, digits))
}

/// The comparable key of a phone number: `+` and E.164 digits, or, for a
/// national spelling with no region to read it in, the bare digits (which
/// match nothing: registry keys always start with `+`).
pub fn key(plus: bool, digits: &str, region: Option<&Region>) -> String {
    if plus {
        return format!("+{digits}");
    }
    let Some(region) = region else {
        return digits.to_string();
    };
    if region.dials_out(digits) {
        return format!("+{}", &digits[region.idd.len()..]);
    }
    let national = if region.trunk.is_empty() {
        digits
    } else {
        digits.strip_prefix(region.trunk.as_str()).unwrap_or(digits)
    };
    format!("+{}{national}", region.country_code)
}

/// Whether a number is written with its country code (`+` or the region's
/// international prefix).
fn international(plus: bool, digits: &str, region: Option<&Region>) -> bool {
    plus || region.is_some_and(|r| r.dials_out(digits))
}

/// A phone number of book.toml, checked by libphonenumber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// `+12025550100`.
    pub e164: String,
    /// `+1 202-555-0100`.
    pub international: String,
}

/// Parses a phone number of book.toml. `needs_country_code`: registry
/// numbers must carry theirs; third-party and scam numbers may be national
/// spellings read in `region`.
pub fn parse(
    value: &str,
    region: Option<&Region>,
    needs_country_code: bool,
) -> Result<Parsed, String> {
    let text = super::text::canonical(value);
    let text = text.strip_prefix("tel:").unwrap_or(&text);
    let Some((plus, digits)) = digits_of(text) else {
        return Err(format!(
            "`{value}` is not a phone number (digits, spaces, `-`, `.`, brackets, a leading `+`)"
        ));
    };
    let e164 = key(plus, &digits, region);
    if needs_country_code && !international(plus, &digits, region) {
        return Err(format!(
            "phone number `{value}` has no country code: write it as `+<country code> …` (for example `+86 10 1234 5678`), so that it matches only numbers of that country"
        ));
    }
    if !e164.starts_with('+') {
        return Err(format!(
            "phone number `{value}` has no country code and book.toml has no `default_region` to read it in"
        ));
    }
    let number = phonenumber::parse(None, &e164)
        .map_err(|_| format!("`{value}` is not a valid phone number"))?;
    if !phonenumber::is_valid(&number) {
        return Err(format!(
            "`{value}` is not a valid phone number of country code +{} (libphonenumber)",
            number.code().value()
        ));
    }
    Ok(Parsed {
        e164: number.format().mode(phonenumber::Mode::E164).to_string(),
        international: number
            .format()
            .mode(phonenumber::Mode::International)
            .to_string(),
    })
}

/// The region a phone key (`+12025550100`) belongs to.
pub fn region_of_key(key: &str) -> Option<Region> {
    let number = phonenumber::parse(None, key).ok()?;
    let id = number.country().id()?;
    Region::from_code(id.as_ref())
}

/// Whether a digit run found in prose is a real phone number: with `+` (or
/// the international prefix), 8 to 15 digits after it; a national spelling,
/// a valid number of one of `regions` (the site's default region, or,
/// without one, the countries of the registry's numbers).
pub fn plausible_in_prose(plus: bool, digits: &str, regions: &[Region]) -> bool {
    let first = regions.first();
    if international(plus, digits, first) {
        let n = key(plus, digits, first).len() - 1;
        return (8..=15).contains(&n);
    }
    regions.iter().any(|region| {
        country::Id::from_str(&region.code).is_ok_and(|id| {
            phonenumber::parse(Some(id), digits).is_ok_and(|n| phonenumber::is_valid(&n))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn() -> Region {
        Region::from_code("CN").expect("CN")
    }

    #[test]
    fn regions_come_from_the_metadata() {
        assert_eq!(
            cn(),
            Region {
                code: "CN".into(),
                country_code: "86".into(),
                idd: "00".into(),
                trunk: "0".into()
            }
        );
        let us = Region::from_code("us").expect("US");
        assert_eq!((us.idd.as_str(), us.trunk.as_str()), ("011", "1"));
        let it = Region::from_code("IT").expect("IT");
        assert_eq!(it.trunk, "");
        assert!(Region::from_code("ZZ").is_none());
        assert!(Region::from_code("001").is_none());
        assert!(Region::known_codes().contains(&"CN"));
        for code in Region::known_codes() {
            assert!(Region::from_code(code).is_some(), "{code}");
        }
    }

    #[test]
    fn a_country_code_matches_only_itself() {
        let cn = cn();
        let k = |text: &str| {
            let (plus, digits) = digits_of(text).expect(text);
            key(plus, &digits, Some(&cn))
        };
        assert_eq!(k("+1 202 555 0100"), "+12025550100");
        assert_eq!(k("+86 202 555 0100"), "+862025550100");
        assert_eq!(k("020-2555-0100"), "+862025550100");
        assert_eq!(k("0086 138 0013 8000"), "+8613800138000");
        assert_eq!(k("138 0013 8000"), "+8613800138000");
        assert_eq!(key(false, "2025550100", None), "2025550100");
    }

    #[test]
    fn registry_numbers_need_their_country_code_and_must_be_valid() {
        let cn = cn();
        let parsed = parse("+1 202 555 0100", Some(&cn), true).expect("valid");
        assert_eq!(parsed.e164, "+12025550100");
        assert_eq!(parsed.international, "+1 202-555-0100");
        let error = parse("202 555 0100", Some(&cn), true).expect_err("no country code");
        assert!(error.contains("country code"), "{error}");
        assert!(parse("+1 202 555", None, true).is_err());
        assert_eq!(
            parse("400-555-0199", Some(&cn), false).map(|p| p.e164),
            Ok("+864005550199".into())
        );
        assert!(parse("400-555-0199", None, false).is_err());
    }

    #[test]
    fn prose_runs_must_be_real_numbers() {
        let cn = cn();
        let regions = [cn];
        let p = |text: &str| {
            let (plus, digits) = digits_of(text).expect(text);
            plausible_in_prose(plus, &digits, &regions)
        };
        assert!(p("138 0013 8000"));
        assert!(p("400-123-4567"));
        assert!(p("+1 202 555 0100"));
        assert!(p("010-12345678"));
        assert!(!p("2026 1118 1234"));
        assert!(!p("1732665600"));
        assert!(!p("12345678"));
        // Without a default region, the registry's countries.
        let us = [region_of_key("+12025550100").expect("US")];
        assert_eq!(us[0].code, "US");
        assert!(plausible_in_prose(false, "2025550188", &us));
        assert!(!plausible_in_prose(false, "1730502984", &us));
        assert!(!plausible_in_prose(false, "13800138000", &[]));
    }
}
