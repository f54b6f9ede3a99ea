/// `cookie NAME=VALUE[; attributes]`: the page's script runs `document.cookie = "..."`
/// (`Docs/scenario-format.md`, "Cookies").
public struct CookieStep: Sendable, Equatable {
    /// The string assigned to `document.cookie`, exactly as written after `cookie `.
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}
