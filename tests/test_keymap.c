/* test_keymap.c - the one key table: lookups (modifiers exact, Shift ignored unless bound,
 * ranges), no key bound twice, every action reachable and described, and --help printing
 * every row of it (so the help overlay, which draws the same rows, lists what --help lists). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "lecture/keymap.h"
#include "lecture/options.h"
#include "test.h"
#include "util/utf8.h"

TEST(test_lookup_names_the_lecturer_actions)
{
    int n = -1;
    ASSERT(keymap_lookup('p', KEY_MOD_NONE, &n) == KEY_ACTION_PRESENTER && n == 0);
    ASSERT(keymap_lookup('s', KEY_MOD_NONE, NULL) == KEY_ACTION_SCREENSHOT);
    ASSERT(keymap_lookup('s', KEY_MOD_CTRL, NULL) == KEY_ACTION_SAVE_SCENE);
    ASSERT(keymap_lookup(' ', KEY_MOD_NONE, NULL) == KEY_ACTION_PLAY);
    ASSERT(keymap_lookup(KEY_RIGHT, KEY_MOD_NONE, NULL) == KEY_ACTION_STEP_FORWARD);
    ASSERT(keymap_lookup(KEY_LEFT, KEY_MOD_NONE, NULL) == KEY_ACTION_STEP_BACK);
    ASSERT(keymap_lookup(KEY_PAGE_DOWN, KEY_MOD_NONE, NULL) == KEY_ACTION_SLIDE_NEXT);
    ASSERT(keymap_lookup(KEY_PAGE_UP, KEY_MOD_NONE, NULL) == KEY_ACTION_SLIDE_PREV);
    ASSERT(keymap_lookup('=', KEY_MOD_NONE, NULL) == KEY_ACTION_ZOOM_IN);
    ASSERT(keymap_lookup('+', KEY_MOD_NONE, NULL) == KEY_ACTION_ZOOM_IN);
    ASSERT(keymap_lookup('-', KEY_MOD_NONE, NULL) == KEY_ACTION_ZOOM_OUT);
    ASSERT(keymap_lookup(KEY_HOME, KEY_MOD_NONE, NULL) == KEY_ACTION_RESET_VIEW);
    ASSERT(keymap_lookup('0', KEY_MOD_NONE, NULL) == KEY_ACTION_RESET_VIEW);
    ASSERT(keymap_lookup(KEY_TAB, KEY_MOD_NONE, NULL) == KEY_ACTION_PANEL);
    ASSERT(keymap_lookup('h', KEY_MOD_NONE, NULL) == KEY_ACTION_HELP);
    ASSERT(keymap_lookup('q', KEY_MOD_NONE, NULL) == KEY_ACTION_QUIT);
    /* The digits are one range: the index is the landscape. */
    ASSERT(keymap_lookup('1', KEY_MOD_NONE, &n) == KEY_ACTION_LANDSCAPE && n == 0);
    ASSERT(keymap_lookup('3', KEY_MOD_NONE, &n) == KEY_ACTION_LANDSCAPE && n == 2);
    ASSERT(keymap_lookup('9', KEY_MOD_NONE, &n) == KEY_ACTION_LANDSCAPE && n == 8);
    ASSERT(keymap_lookup('x', KEY_MOD_NONE, &n) == KEY_ACTION_NONE && n == 0);
    ASSERT(keymap_lookup(KEY_NONE, KEY_MOD_NONE, NULL) == KEY_ACTION_NONE);
    ASSERT(keymap_lookup('S', KEY_MOD_NONE, NULL) == KEY_ACTION_NONE); /* letters: lower case */
}

TEST(test_lookup_modifiers)
{
    /* Shift is ignored where no chord names it ... */
    ASSERT(keymap_lookup('r', KEY_MOD_SHIFT, NULL) == KEY_ACTION_RESTART);
    ASSERT(keymap_lookup('=', KEY_MOD_SHIFT, NULL) == KEY_ACTION_ZOOM_IN);
    ASSERT(keymap_lookup(KEY_UP, KEY_MOD_SHIFT, NULL) == KEY_ACTION_PAN_UP);
    ASSERT(keymap_lookup('s', KEY_MOD_CTRL | KEY_MOD_SHIFT, NULL) == KEY_ACTION_SAVE_SCENE);
    /* ... and matters where one does. */
    ASSERT(keymap_lookup(KEY_RIGHT, KEY_MOD_SHIFT, NULL) == KEY_ACTION_PAN_RIGHT);
    ASSERT(keymap_lookup(KEY_LEFT, KEY_MOD_SHIFT, NULL) == KEY_ACTION_PAN_LEFT);
    /* Ctrl, Alt and GUI are never ignored. */
    ASSERT(keymap_lookup('r', KEY_MOD_CTRL, NULL) == KEY_ACTION_NONE);
    ASSERT(keymap_lookup('q', KEY_MOD_ALT, NULL) == KEY_ACTION_NONE);
    ASSERT(keymap_lookup('s', KEY_MOD_GUI, NULL) == KEY_ACTION_NONE);
    ASSERT(keymap_lookup('s', KEY_MOD_CTRL | KEY_MOD_ALT, NULL) == KEY_ACTION_NONE);
    ASSERT(keymap_lookup(KEY_RIGHT, KEY_MOD_CTRL | KEY_MOD_SHIFT, NULL) == KEY_ACTION_NONE);
}

static bool chords_overlap(const KeyChord *a, const KeyChord *b)
{
    int alast = a->last ? a->last : a->key, blast = b->last ? b->last : b->key;
    return a->mods == b->mods && a->key <= blast && b->key <= alast;
}

TEST(test_table_binds_each_key_once_and_every_action)
{
    const KeyBinding *t;
    int n = keymap_bindings(&t);
    ASSERT(n >= 15);
    int bound[KEY_ACTION_COUNT] = {0}, mouse_rows = 0;
    for (int i = 0; i < n; i++) {
        ASSERT(t[i].keys && t[i].keys[0] && t[i].desc && t[i].desc[0]);
        mouse_rows += t[i].chords[0].key == KEY_NONE;
        for (int k = 0; k < KEYMAP_MAX_CHORDS; k++) {
            const KeyChord *c = &t[i].chords[k];
            if (c->key == KEY_NONE) {
                ASSERT(c->action == KEY_ACTION_NONE);
                continue;
            }
            ASSERT(c->action > KEY_ACTION_NONE && c->action < KEY_ACTION_COUNT);
            ASSERT(c->last == 0 || c->last > c->key);
            bound[c->action]++;
            /* Every key of the chord finds it again. */
            int last = c->last ? c->last : c->key;
            for (int key = c->key; key <= last; key++) {
                int index = -1;
                ASSERT(keymap_lookup(key, c->mods, &index) == c->action);
                ASSERT(index == key - c->key);
            }
            /* No key and modifiers bound twice, in this row or any other. */
            for (int j = i; j < n; j++)
                for (int m = j == i ? k + 1 : 0; m < KEYMAP_MAX_CHORDS; m++)
                    if (t[j].chords[m].key != KEY_NONE)
                        ASSERT(!chords_overlap(c, &t[j].chords[m]));
        }
    }
    for (int a = KEY_ACTION_NONE + 1; a < KEY_ACTION_COUNT; a++) {
        if (bound[a] == 0)
            fprintf(stderr, "  action %d has no key\n", a);
        ASSERT(bound[a] > 0);
    }
    ASSERT(mouse_rows == 4); /* left click, drag the marker, right/middle drag, wheel */
}

/* What --help prints, NUL-terminated; free it. */
static char *usage_text(void)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    ASSERT(f != NULL);
    if (!f)
        return NULL;
    options_print_usage(f);
    fclose(f);
    return text;
}

TEST(test_help_prints_every_row_in_one_column)
{
    char *usage = usage_text();
    if (!usage)
        return;
    ASSERT_STR_CONTAINS(usage, "\n  --help ");
    const char *keys = strstr(usage, "keys and mouse in the window");
    ASSERT(keys != NULL);
    const KeyBinding *t;
    int n = keymap_bindings(&t);
    size_t desc_col = 0;
    for (int i = 0; i < n && keys; i++) {
        /* "\n  KEYS<spaces>DESC\n", the descriptions starting in one column. */
        char line[256];
        snprintf(line, sizeof line, "\n  %s ", t[i].keys);
        const char *at = strstr(keys, line);
        ASSERT_STR_CONTAINS(keys, line);
        if (!at)
            continue;
        const char *desc = at + strlen(line);
        while (*desc == ' ')
            desc++;
        ASSERT(strncmp(desc, t[i].desc, strlen(t[i].desc)) == 0);
        ASSERT(desc[strlen(t[i].desc)] == '\n');
        size_t col = utf8_count(at + 1, (size_t)(desc - at - 1));
        if (i == 0)
            desc_col = col;
        ASSERT(col == desc_col);
    }
    ASSERT(desc_col == 25); /* "  " + the widest keys ("Drag the start marker", 21) + 2 */
    /* The lecture's keys, as the help overlay shows them. */
    static const char *const LECTURE[] = {"PageDown  PageUp", "P", "G", "C", "Ctrl+S"};
    for (size_t k = 0; k < sizeof LECTURE / sizeof LECTURE[0]; k++) {
        bool found = false;
        for (int i = 0; i < n; i++)
            found |= strcmp(t[i].keys, LECTURE[k]) == 0;
        ASSERT(found);
    }
    free(usage);
}

int main(void)
{
    RUN_TEST(test_lookup_names_the_lecturer_actions);
    RUN_TEST(test_lookup_modifiers);
    RUN_TEST(test_table_binds_each_key_once_and_every_action);
    RUN_TEST(test_help_prints_every_row_in_one_column);
    return TEST_MAIN("test_keymap");
}
