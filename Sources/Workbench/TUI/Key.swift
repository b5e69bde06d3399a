/// A key press, decoded from curses.
enum Key: Hashable {
    case character(Character)
    case up, down, left, right, enter, escape, backspace, pageUp, pageDown, tab, resize
}
