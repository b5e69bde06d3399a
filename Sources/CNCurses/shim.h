// ncursesw (Debian: libncursesw5-dev) for Swift: one-line wrappers for the
// macros and globals Swift cannot import. Nothing else lives here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_a_bold(void) { return (int)A_BOLD; }
static inline int cn_a_dim(void) { return (int)A_DIM; }
static inline int cn_a_reverse(void) { return (int)A_REVERSE; }
static inline int cn_attr_set(int attrs, short pair) { return attr_set((attr_t)attrs, pair, NULL); }
static inline int cn_get_wch(wint_t *ch) { return get_wch(ch); }
static inline int cn_mvaddnwstr(int y, int x, const wchar_t *s, int n) { return mvaddnwstr(y, x, s, n); }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
