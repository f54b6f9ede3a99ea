/// SGR colouring for terminal views (the text trace, the HAR and audit reports): the text wrapped in
/// `ESC [ code m` ... `ESC [ 0 m` when colour is on, else the text unchanged. The text must already
/// be escaped (`Describe`): this adds the only control bytes.
package func ansiPaint(_ s: String, _ code: String, color: Bool) -> String {
    color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
}
