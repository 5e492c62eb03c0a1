/* Forms: labelled fields with validation beside each field. Nothing typed is
 * ever lost: a bad value keeps its text and shows why next to it; submit
 * only runs when every field is valid. A form is a screen (form_screen). */
#ifndef DUN_TUI_FORM_H
#define DUN_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct form;

/** A field takes at most its spec's max_chars characters (FORM_DEFAULT_CHARS
 *  when it names none; FORM_MAX_CHARS at most), documented in the agent
 *  guide: a note 4,000, a message body 2,047 (the largest template). The
 *  value holds that many in UTF-8 and its NUL. */
enum { FORM_MAX_FIELDS = 8, FORM_DEFAULT_CHARS = 200, FORM_MAX_CHARS = 4000, FORM_VALUE_MAX = 4 * FORM_MAX_CHARS + 1 };

struct form_field {
    const char *label;
    char value[FORM_VALUE_MAX];
    int max_chars;       ///< the most characters it takes
    bool multiline;      ///< Enter adds a line; Ctrl-D saves
    bool suggested;      ///< still the value the form opened with: typing replaces it
    bool full;           ///< a key was refused because the field is full: said beside it until
                         ///< the text changes
    size_t cursor;       ///< where typing goes: a byte offset into value (clamped to its length)
    char error[256];     ///< set by validate: blocks submit
    char note[256];      ///< set by validate: shown, does not block (e.g. "above the balance")
};

struct form_spec {
    const char *title;
    const char *help;    ///< one line of key help under the fields
    int nfields;
    const char *labels[FORM_MAX_FIELDS];
    bool multiline[FORM_MAX_FIELDS];
    int max_chars[FORM_MAX_FIELDS]; ///< 0: FORM_DEFAULT_CHARS
    /** Fill each field's error/note and the preview from the current values. */
    void (*validate)(struct form *f, struct app *app);
    /** Save; true closes the form. On false, set f->banner to say why. */
    bool (*submit)(struct form *f, struct app *app);
    /** Optional: the form is closing (saved or not): free what the opener
     *  allocated for ctx. */
    void (*close)(struct form *f);
};

struct form {
    const struct form_spec *spec;
    struct form_field fields[FORM_MAX_FIELDS];
    int focus;
    void *ctx;                 ///< the opener's data (owned by the opener's request)
    char preview[4096];        ///< extra lines under the fields (e.g. a plan's schedule)
    char banner[256];          ///< a message for the whole form
    bool tried;                ///< submit was attempted: show every error
    bool edited;               ///< something was typed: Esc asks before it is thrown away
};

/** What form_screen's open() takes. initial[i] may be NULL. ctx is copied
 *  by pointer: it must outlive the form (the opener's screen state). */
struct form_request {
    const struct form_spec *spec;
    const char *initial[FORM_MAX_FIELDS];
    void *ctx;
};

/** True when no field has an error (after validate). */
bool form_valid(const struct form *f);

#endif
