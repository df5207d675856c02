/// Lenient JSON field readers shared by the CVRF JSON, CSAF and index decoders. Each accepts the forms MSRC
/// and the CVRF XML→JSON mapping produce and reports any other type as a `DecodingError.typeMismatch` at
/// its key path; `null` always reads as absent.
enum JSONField {
    /// Text written as `{"Value": "…"}` (tried first; an object without `Value`, like MSRC's
    /// `"RestartRequired": {}`, reads as absent) or as a bare string or number.
    struct Wrapped: Decodable {
        let text: String?

        private enum Keys: String, CodingKey { case value = "Value" }

        init(from decoder: any Decoder) throws {
            if let object = try? decoder.container(keyedBy: Keys.self) {
                text = try object.decodeIfPresent(Plain.self, forKey: .value)?.text
            } else {
                text = try Plain(from: decoder).text
            }
        }
    }

    /// Text written as a bare string or number (tried first) or as `{"Value": "…"}`; any other object, an
    /// array or a Boolean is a type mismatch.
    struct Plain: Decodable {
        let text: String?

        private enum Keys: String, CodingKey { case value = "Value" }

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                text = nil
            } else if let string = try? single.decode(String.self) {
                text = string
            } else if let number = try? single.decode(Double.self) {
                text = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            } else if let object = try? decoder.container(keyedBy: Keys.self), object.contains(.value) {
                text = try object.decodeIfPresent(Plain.self, forKey: .value)?.text
            } else {
                throw DecodingError.typeMismatch(
                    String.self,
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "expected a string or {\"Value\": string}, found another type"))
            }
        }
    }

    /// An enumeration written as the JSON variant's integer code (tried first) or as the XML spelling.
    enum Code: Decodable {
        case number(Int)
        case text(String)

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let number = try? single.decode(Int.self) {
                self = .number(number)
            } else if let string = try? single.decode(String.self) {
                self = Int(string).map { .number($0) } ?? .text(string)
            } else {
                throw DecodingError.typeMismatch(
                    Int.self,
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "expected an integer code or a type name, found another type"))
            }
        }

        /// The XML spelling: `text` as written, or `name(number)`.
        func name(_ spelling: (Int) -> String) -> String {
            switch self {
            case .number(let number): spelling(number)
            case .text(let text): TextField.trimmed(text) ?? ""
            }
        }
    }

    /// A number written as a JSON number (tried first) or as decimal text.
    struct Number: Decodable {
        let value: Double?

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = nil
            } else if let number = try? single.decode(Double.self) {
                value = number
            } else if let string = try? single.decode(String.self) {
                value = TextField.number(string)
            } else {
                throw DecodingError.typeMismatch(
                    Double.self,
                    .init(codingPath: decoder.codingPath, debugDescription: "expected a number, found another type"))
            }
        }
    }

    /// A list written as a JSON array (tried first) or as one element.
    struct List<Element: Decodable>: Decodable {
        let elements: [Element]

        init(from decoder: any Decoder) throws {
            if var array = try? decoder.unkeyedContainer() {
                var elements: [Element] = []
                if let count = array.count { elements.reserveCapacity(count) }
                while !array.isAtEnd {
                    if try array.decodeNil() { continue }
                    elements.append(try array.decode(Element.self))
                }
                self.elements = elements
            } else {
                let single = try decoder.singleValueContainer()
                elements = single.decodeNil() ? [] : [try Element(from: decoder)]
            }
        }
    }

    /// Product IDs: an array of strings or numbers, or a single one; blank entries are dropped.
    struct IDs: Decodable {
        let ids: [String]

        init(from decoder: any Decoder) throws {
            ids = try List<Plain>(from: decoder).elements.compactMap { TextField.trimmed($0.text) }
        }
    }
}

extension Optional where Wrapped == JSONField.List<JSONField.Plain> {
    /// The non-blank, trimmed texts of the list.
    var texts: [String] { (self?.elements ?? []).compactMap { TextField.trimmed($0.text) } }
}

extension Optional where Wrapped == JSONField.List<JSONField.Wrapped> {
    /// The non-blank, trimmed texts of the list.
    var texts: [String] { (self?.elements ?? []).compactMap { TextField.trimmed($0.text) } }
}
