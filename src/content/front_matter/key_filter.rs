//! A deserializer that shows a YAML mapping with some of its keys hidden.
//!
//! serde stops at the first value of the wrong type, so one typed parse of
//! a front matter with five mistakes reports one. Parsing it again with
//! all keys but one hidden tells, key by key, which values are wrong; and a
//! last parse with the wrong ones hidden gives every good value. The
//! derived `Deserialize` of the front matter stays the one description of
//! the keys and their types, and values keep their spans (they are read by
//! the YAML deserializer itself; only the keys pass through here).

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, MapAccess};

/// `inner`, a mapping, with only the keys for which `keep` says yes.
pub(super) struct KeyFilter<D, F> {
    pub inner: D,
    pub keep: F,
}

impl<'de, D, F> Deserializer<'de> for KeyFilter<D, F>
where
    D: Deserializer<'de>,
    F: Fn(&str) -> bool,
{
    type Error = D::Error;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(Visitor {
            visitor,
            keep: self.keep,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Visitor<V, F> {
    visitor: V,
    keep: F,
}

impl<'de, V, F> de::Visitor<'de> for Visitor<V, F>
where
    V: de::Visitor<'de>,
    F: Fn(&str) -> bool,
{
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Map {
            map,
            keep: self.keep,
        })
    }
}

struct Map<A, F> {
    map: A,
    keep: F,
}

impl<'de, A, F> MapAccess<'de> for Map<A, F>
where
    A: MapAccess<'de>,
    F: Fn(&str) -> bool,
{
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key::<String>()? {
            if (self.keep)(&key) {
                let key: de::value::StringDeserializer<A::Error> = key.into_deserializer();
                return seed.deserialize(key).map(Some);
            }
            self.map.next_value::<IgnoredAny>()?;
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}
