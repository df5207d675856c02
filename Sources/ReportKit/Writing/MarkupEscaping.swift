/// Escaping for the markup formats the renderers write.
enum MarkupEscaping {
    /// `text` safe in HTML element content and in double-quoted attribute values (HTML §13.1.2.6, §13.1.6).
    static func html(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    /// `text` safe in XML 1.0 content and attributes (§2.4, §3.3.3): markup characters as entities, line breaks
    /// and tabs as character references (so attributes keep them), and characters XML 1.0 forbids dropped.
    static func xml(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\n": output += "&#10;"
            case "\r": output += "&#13;"
            case "\t": output += "&#9;"
            case let forbidden where forbidden.value < 0x20 || forbidden.value == 0xFFFE || forbidden.value == 0xFFFF:
                continue
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// `text` safe in a GitHub-flavoured Markdown table cell: one line, pipes and emphasis characters
    /// backslash-escaped, HTML markup characters as entities (so a title cannot inject tags).
    static func markdown(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\\", "|", "*", "_", "`", "[", "]", "#", "~": output += "\\" + String(character)
            case "\n", "\r", "\r\n", "\t": output += " "
            default: output.append(character)
            }
        }
        return output
    }
}
