// The stepper's key loop: raw terminal mode through termios, one keypress at a time, the screen
// redrawn after each. What a screen shows and what a key does are decided in Stepper.swift
// (`Stepper`, `StepperKey`, `StepperState`); this file only talks to the terminal.
import CORSSim

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's size now (it can change while the stepper runs).
func terminalSize() -> (width: Int, height: Int) {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
        return (Int(size.ws_col), Int(size.ws_row))
    }
    return (80, 24)
}

/// Writes straight to the terminal, unbuffered, retrying short writes.
func writeTerminal(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { if errno == EINTR { continue } else { return } }
        offset += n
    }
}

/// Runs the stepper until the user quits, with the terminal in raw mode (no echo, no line
/// buffering) and on the alternate screen; both are restored on the way out.
func runInteractiveStepper(_ stepper: Stepper, color: Bool) {
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
        writeTerminal(stepper.transcript(width: terminalSize().width, color: color))
        return
    }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
        cc[Int(VMIN)] = 1
        cc[Int(VTIME)] = 0
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
    // Alternate screen, cursor hidden.
    writeTerminal("\u{1B}[?1049h\u{1B}[?25l")
    defer {
        writeTerminal("\u{1B}[?25h\u{1B}[?1049l")
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
    }

    var state = StepperState()
    let pages = stepper.pages.count
    let browsers = stepper.run.browsers.count
    func draw() {
        let size = terminalSize()
        let lines = stepper.frame(&state, width: size.width, height: size.height, color: color)
        // Home, then each line cleared to its end: no flicker from clearing the whole screen.
        writeTerminal("\u{1B}[H" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\n") + "\u{1B}[J")
    }
    draw()
    var buffer = [UInt8](repeating: 0, count: 64)
    while true {
        let n = read(STDIN_FILENO, &buffer, buffer.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        for key in StepperKey.decode(Array(buffer[0..<n])) {
            guard state.apply(key, pages: pages, browsers: browsers) else { return }
            draw()
        }
    }
}
