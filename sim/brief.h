/*
 * brief.h - a policy brief from a run: brief.html (one self-contained file,
 * inline CSS and SVG, no network reference, printable on A4) and brief.md
 * (with the PNG charts beside it).
 *
 * Contents: the question and the policy (the scenario file's header
 * comment), the key effects with their 95% intervals in plain units (the
 * numbers of effect.csv), the effect over time (effect.svg / effect.png),
 * the assumptions with their sources (judgement calls marked), the
 * sensitivity of the main effect to each judgement call (tornado), the
 * reference's calibration against its published targets, and the
 * provenance with the command that reproduces the brief.
 */
#ifndef OSS_BRIEF_H
#define OSS_BRIEF_H

#include <stdbool.h>

#include "effect.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"

/* The main effect a brief leads with and the tornado moves: the Chinese
 * share of tokens over the policy's window (the reporting year when the
 * scenario has no policy lever). */
#define BRIEF_MAIN_HEADLINE H_CN_TOKEN_SHARE_MEAN

/* One bar of the tornado: the main effect with a judgement call at the low
 * and the high end of its range (everything else as in the scenario). */
struct brief_swing {
    const struct assumption *a;
    struct summary low, high;
};

struct brief_input {
    const struct scenario *sc, *ref;
    const struct run_results *res, *ref_res;
    const struct effect_window *windows;
    int n_windows;
    int main_window;               /* index of the main effect's window */
    struct summary main;           /* the main effect */
    const struct brief_swing *swings;
    int n_swings;
    const char *command;           /* reproduces the brief */
    const char *version;
};

/* tornado.csv (the tornado chart's data), brief.html and brief.md in dir;
 * the charts (effect, tornado) must be drawn before brief.html, which
 * inlines their SVG.  false with a message in err. */
bool brief_write_tornado_csv(const char *dir, const struct brief_input *in, char *err);
bool brief_write(const char *dir, const struct brief_input *in, char *err);

#endif
