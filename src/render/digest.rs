//! A compact encoding of any serializable value, for hashing a page's
//! inputs ([`super::reuse`]).
//!
//! JSON did this job before, but a page's context is mostly text, and
//! JSON's string escaping (a byte-by-byte scan of every string) was most
//! of the cost of recognising an unchanged page. This encoding copies
//! strings as they are, behind their length.
//!
//! It only has to tell apart values that a template could show apart: two
//! values with the same encoding have the same JSON (which is what the
//! template engine sees). Every value starts with a tag byte naming its
//! kind; strings and bytes carry their length; the items of sequences,
//! maps and structs each start with [`ITEM`] and the list ends with
//! [`END`]. So no encoding is a prefix of another, and the encoding of a
//! value is read back in one way only.

use serde::ser::{self, Serialize};

const UNIT: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const SIGNED: u8 = 3;
const UNSIGNED: u8 = 4;
const FLOAT: u8 = 5;
const CHAR: u8 = 6;
const STRING: u8 = 7;
const BYTES: u8 = 8;
const NONE: u8 = 9;
const SOME: u8 = 10;
const VARIANT: u8 = 11;
const SEQUENCE: u8 = 12;
const MAP: u8 = 13;
const ITEM: u8 = 14;
const END: u8 = 15;

/// Appends the encoding of `value` to `out`; `Err` when the value's
/// `Serialize` fails (then `out` holds part of it).
pub fn encode(value: &(impl Serialize + ?Sized), out: &mut Vec<u8>) -> Result<(), Error> {
    value.serialize(&mut Encoder { out })
}

/// A value's `Serialize` failed.
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

struct Encoder<'a> {
    out: &'a mut Vec<u8>,
}

impl Encoder<'_> {
    fn text(&mut self, tag: u8, bytes: &[u8]) {
        self.out.push(tag);
        self.out
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.out.extend_from_slice(bytes);
    }

    /// Starts a variant's content: its name, as JSON keys it.
    fn variant(&mut self, name: &str) {
        self.text(VARIANT, name.as_bytes());
    }

    fn item(&mut self) {
        self.out.push(ITEM);
    }

    fn end(&mut self) {
        self.out.push(END);
    }
}

/// Serializer methods that widen their integer and hand it on.
macro_rules! widen {
    ($($method:ident: $ty:ty => $wide:ident,)*) => {
        $(
            fn $method(self, v: $ty) -> Result<(), Error> {
                self.$wide(v.into())
            }
        )*
    };
}

impl<'a, 'b> ser::Serializer for &'a mut Encoder<'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    // Every integer is encoded as the widest of its sign.
    widen! {
        serialize_i8: i8 => serialize_i128,
        serialize_i16: i16 => serialize_i128,
        serialize_i32: i32 => serialize_i128,
        serialize_i64: i64 => serialize_i128,
        serialize_u8: u8 => serialize_u128,
        serialize_u16: u16 => serialize_u128,
        serialize_u32: u32 => serialize_u128,
        serialize_u64: u64 => serialize_u128,
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push(if v { TRUE } else { FALSE });
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        // Non-negative integers are encoded the same whatever their type,
        // as JSON writes them.
        if let Ok(v) = u128::try_from(v) {
            return self.serialize_u128(v);
        }
        self.out.push(SIGNED);
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.out.push(UNSIGNED);
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.out.push(FLOAT);
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.out.push(CHAR);
        self.out.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.text(STRING, v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.text(BYTES, v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.out.push(NONE);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.out.push(SOME);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push(UNIT);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.variant(variant);
        self.serialize_unit()
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(variant);
        value.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Error> {
        self.out.push(SEQUENCE);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Error> {
        self.variant(variant);
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Error> {
        self.out.push(MAP);
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self, Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Error> {
        self.variant(variant);
        self.serialize_map(Some(len))
    }
}

impl ser::SerializeSeq for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item();
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Encoder::end(self);
        Ok(())
    }
}

/// The other sequences (tuples, tuple structs and variants) are encoded
/// as sequences: serde gives each its own trait with the same job.
macro_rules! like_a_sequence {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut Encoder<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                ser::SerializeSeq::serialize_element(self, value)
            }

            fn end(self) -> Result<(), Error> {
                ser::SerializeSeq::end(self)
            }
        }
    };
}

like_a_sequence!(SerializeTuple, serialize_element);
like_a_sequence!(SerializeTupleStruct, serialize_field);
like_a_sequence!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.item();
        key.serialize(&mut **self)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Encoder::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.item();
        self.text(STRING, key.as_bytes());
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Encoder::end(self);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeStruct::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bytes(value: &(impl Serialize + ?Sized)) -> Vec<u8> {
        let mut out = Vec::new();
        encode(value, &mut out).expect("encodes");
        out
    }

    /// Values whose JSON differs have different encodings, including the
    /// ones a length-only encoding would confuse (postcard, for one,
    /// writes `true` and `1` alike).
    #[test]
    fn values_a_template_tells_apart_are_encoded_apart() {
        let values = [
            json!(null),
            json!(true),
            json!(false),
            json!(1),
            json!(-1),
            json!(1.0),
            json!(""),
            json!("1"),
            json!("\u{1}"),
            json!([]),
            json!([1]),
            json!([[]]),
            json!(["a", "b"]),
            json!(["ab"]),
            json!({}),
            json!({"a": 1}),
            json!({"a": [1]}),
            json!({"a": {"b": 1}}),
            json!({"a": {}, "b": 1}),
            json!({"ab": 1}),
            json!([{"a": 1}]),
            json!({"a": "b"}),
            json!({"a": null}),
            json!([null]),
        ];
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                assert_ne!(bytes(a), bytes(b), "{a} and {b}");
            }
        }
    }

    /// Integers are encoded by value, as JSON writes them, whatever
    /// their Rust type; structs, like JSON objects, by field name.
    #[test]
    fn numbers_and_fields_are_encoded_as_json_has_them() {
        assert_eq!(bytes(&3i64), bytes(&3u8));
        assert_ne!(bytes(&-3i64), bytes(&3u64));
        assert_ne!(bytes(&3u64), bytes(&3.0f64));
        #[derive(serde::Serialize)]
        struct Link<'a> {
            title: &'a str,
            url: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Other<'a> {
            name: &'a str,
            url: &'a str,
        }
        let link = Link {
            title: "提现",
            url: "/zh-cn/faq/withdraw/",
        };
        let other = Other {
            name: "提现",
            url: "/zh-cn/faq/withdraw/",
        };
        assert_ne!(bytes(&link), bytes(&other));
        assert_eq!(
            bytes(&link),
            bytes(&json!({"title": "提现", "url": "/zh-cn/faq/withdraw/"}))
        );
    }
}
