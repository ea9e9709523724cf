/* report.h - start-up errors for a user who may have no terminal: one tagged line on stderr,
 * and, when the program was started from the desktop's menu with nobody reading stderr, the
 * same text in a message box (util/desktop.h decides when). */
#ifndef LOSSLENS_REPORT_H
#define LOSSLENS_REPORT_H

/* Prints "losslens: MSG" to stderr; shows msg in a message box (app_window_error_box) (and waits for it to be
 * closed) when desktop_wants_error_box says so for this process. */
void app_report_startup_error(const char *msg);

#endif
