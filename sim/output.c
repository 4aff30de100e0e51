/*
 * output.c - writing a run's files atomically (see output.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "choice.h"
#include "effect.h"
#include "metrics.h"
#include "month.h"
#include "policy.h"
#include "prior.h"
#include "stats.h"

static char current_tmp[OSS_PATH_LEN + 64]; /* file being written, for output_abort_current */

void output_track_tmp(const char *path)
{
    snprintf(current_tmp, sizeof current_tmp, "%s", path ? path : "");
}

void output_abort_current(void)
{
    if (current_tmp[0])
        unlink(current_tmp);
}

bool output_prepare_dir(const char *dir, char *err)
{
    char buf[OSS_PATH_LEN];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(err, OSS_ERR_LEN, "%.900s: cannot create output directory: %s", buf, strerror(errno));
            return false;
        }
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
        snprintf(err, OSS_ERR_LEN, "%.900s: cannot create output directory: %s", buf, strerror(errno));
        return false;
    }
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, OSS_ERR_LEN, "%.900s: output path is not a directory", buf);
        return false;
    }
    if (access(buf, W_OK | X_OK) != 0) {
        snprintf(err, OSS_ERR_LEN, "%.900s: output directory is not writable: %s", buf, strerror(errno));
        return false;
    }
    return true;
}

bool output_atomic_open(struct output_file *a, const char *path, char *err)
{
    snprintf(a->path, sizeof a->path, "%s", path);
    const char *slash = strrchr(path, '/');
    int dl = slash ? (int)(slash - path) : 0;
    snprintf(current_tmp, sizeof current_tmp, "%.*s%s.%s.tmp.%ld", dl, path, slash ? "/" : "",
             slash ? slash + 1 : path, (long)getpid());
    /* a new file, never one planted there (O_EXCL: not an existing file or
     * a symlink to one) */
    int fd = open(current_tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    a->f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!a->f) {
        if (fd >= 0)
            close(fd);
        snprintf(err, OSS_ERR_LEN, "%.900s: cannot write: %s", current_tmp, strerror(errno));
        current_tmp[0] = '\0';
        return false;
    }
    return true;
}

bool output_atomic_commit(struct output_file *a, char *err)
{
    bool ok = !ferror(a->f);
    ok = (fclose(a->f) == 0) && ok;
    if (ok && rename(current_tmp, a->path) != 0)
        ok = false;
    if (!ok) {
        snprintf(err, OSS_ERR_LEN, "%.900s: write failed: %s", a->path, strerror(errno));
        unlink(current_tmp);
    }
    current_tmp[0] = '\0';
    return ok;
}

void output_atomic_discard(struct output_file *a)
{
    if (a->f)
        fclose(a->f);
    a->f = NULL;
    if (current_tmp[0])
        unlink(current_tmp);
    current_tmp[0] = '\0';
}

static bool atomic_open(struct output_file *a, const char *dir, const char *name, char *err)
{
    char path[OSS_PATH_LEN + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return output_atomic_open(a, path, err);
}

/* A text field, quoted (RFC 4180) when it holds a comma, quote or line break. */
void output_csv_text(FILE *f, const char *v)
{
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, f);
        return;
    }
    fputc('"', f);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', f);
        fputc(*v, f);
    }
    fputc('"', f);
}

void output_csv_num(FILE *f, double v)
{
    if (isnan(v))
        fputs(",NaN", f);
    else
        fprintf(f, ",%.10g", v);
}

/* A summary over the replications of res: with an ensemble, the mean over
 * every run and the Monte Carlo CI of the replications within draws. */
static struct summary summ(const double *x, size_t stride, const struct run_results *res)
{
    return res->draws ? stats_ensemble(x, stride, res->draws, res->reps / res->draws).mc
                      : stats_summarise(x, stride, res->reps);
}

static struct ens_summary ens(const double *x, size_t stride, const struct run_results *res)
{
    return stats_ensemble(x, stride, res->draws, res->reps / res->draws);
}

static void write_timeseries(FILE *f, const struct scenario *sc, const struct run_results *res)
{
    fputs("date", f);
    for (int m = 0; m < N_MONTH_METRICS; m++) {
        fprintf(f, ",%s", month_metric_names[m]);
        if (month_metric_has_ci(m))
            fprintf(f, ",%s_ci95_lo,%s_ci95_hi", month_metric_names[m], month_metric_names[m]);
    }
    if (res->cf_rows) /* appended, so every other column keeps its place */
        fputs(",cf_avg_price,cf_avg_price_ci95_lo,cf_avg_price_ci95_hi", f);
    if (res->draws) /* an ensemble: the parameter intervals, appended too */
        for (int m = 0; m < N_MONTH_METRICS; m++)
            if (month_metric_has_ci(m))
                fprintf(f, ",%s_pi90_lo,%s_pi90_hi", month_metric_names[m], month_metric_names[m]);
    fputc('\n', f);
    size_t stride = (size_t)res->months * N_MONTH_METRICS;
    for (int k = 0; k < res->months; k++) {
        char d[MONTH_STR_LEN];
        fputs(month_format(sc->start + k, d), f);
        for (int m = 0; m < N_MONTH_METRICS; m++) {
            struct summary s = summ(res->rows + (size_t)k * N_MONTH_METRICS + m, stride, res);
            output_csv_num(f, s.mean);
            if (month_metric_has_ci(m)) {
                output_csv_num(f, s.lo);
                output_csv_num(f, s.hi);
            }
        }
        if (res->cf_rows) {
            struct summary s = summ(res->cf_rows + (size_t)k * N_MONTH_METRICS + M_AVG_PRICE, stride, res);
            output_csv_num(f, s.mean);
            output_csv_num(f, s.lo);
            output_csv_num(f, s.hi);
        }
        for (int m = 0; res->draws && m < N_MONTH_METRICS; m++)
            if (month_metric_has_ci(m)) {
                struct ens_summary e = ens(res->rows + (size_t)k * N_MONTH_METRICS + m, stride, res);
                output_csv_num(f, e.pi_lo);
                output_csv_num(f, e.pi_hi);
            }
        fputc('\n', f);
    }
}

static void write_families(FILE *f, const struct scenario *sc, const struct run_results *res)
{
    fputs("date,family,vendor,origin,access,channel", f);
    for (int m = 0; m < N_FAMILY_METRICS; m++)
        if (m != F_AVAILABLE && m != F_OPEN)
            fprintf(f, ",%s", family_metric_names[m]);
    fputc('\n', f);
    size_t per_month = (size_t)res->n_fam * N_FAMILY_METRICS;
    size_t stride = (size_t)res->months * per_month;
    for (int k = 0; k < res->months; k++) {
        char d[MONTH_STR_LEN];
        month_format(sc->start + k, d);
        for (int j = 0; j < res->n_fam; j++) {
            const double *x = res->fams + (size_t)k * per_month + (size_t)j * N_FAMILY_METRICS;
            if (x[F_AVAILABLE] == 0) /* availability is the same in every replication */
                continue;
            const struct family_spec *fs = &sc->families[j];
            fprintf(f, "%s,", d);
            output_csv_text(f, fs->name);
            fputc(',', f);
            output_csv_text(f, fs->vendor);
            enum access acc = x[F_OPEN] != 0 ? ACCESS_OPEN : ACCESS_CLOSED;
            fprintf(f, ",%s,%s,%s", region_names[fs->origin], access_names[acc],
                    channel_names[policy_channel(fs, acc)]);
            for (int m = 0; m < N_FAMILY_METRICS; m++)
                if (m != F_AVAILABLE && m != F_OPEN)
                    output_csv_num(f, stats_summarise(x + m, stride, res->reps).mean);
            fputc('\n', f);
        }
    }
}

void output_headline_header(FILE *f, bool with_cf, bool ensemble)
{
    static const char *const parts[] = {"mean", "sd", "ci95_lo", "ci95_hi"};
    for (int h = 0; h < N_HEADLINES; h++)
        if (!headline_is_cf(h) || with_cf)
            for (int i = 0; i < 4; i++)
                fprintf(f, ",%s_%s", headline_names[h], parts[i]);
    fputs(",n", f);
    if (!ensemble)
        return;
    for (int h = 0; h < N_HEADLINES; h++)
        if (!headline_is_cf(h) || with_cf)
            fprintf(f, ",%s_pi90_lo,%s_pi90_hi", headline_names[h], headline_names[h]);
    fputs(",draws", f);
}

void output_headline_row(FILE *f, const struct run_results *res)
{
    for (int h = 0; h < N_HEADLINES; h++) {
        if (headline_is_cf(h) && !res->cf_rows)
            continue;
        struct summary s = summ(res->head + h, N_HEADLINES, res);
        output_csv_num(f, s.mean);
        output_csv_num(f, s.sd);
        output_csv_num(f, s.lo);
        output_csv_num(f, s.hi);
    }
    fprintf(f, ",%d", res->reps);
    if (!res->draws)
        return;
    for (int h = 0; h < N_HEADLINES; h++) {
        if (headline_is_cf(h) && !res->cf_rows)
            continue;
        struct ens_summary e = ens(res->head + h, N_HEADLINES, res);
        output_csv_num(f, e.pi_lo);
        output_csv_num(f, e.pi_hi);
    }
    fprintf(f, ",%d", res->draws);
}

void output_delta_header(FILE *f, bool ensemble)
{
    fprintf(f, "metric,delta_mean,delta_ci95_lo,delta_ci95_hi,n%s\n", ensemble ? ",pi90_lo,pi90_hi,draws" : "");
}

struct summary output_delta(const double *x, const double *y, size_t stride, const struct run_results *res)
{
    if (res->draws)
        return stats_ensemble_paired(x, y, stride, res->draws, res->reps / res->draws).mc;
    return stats_paired(x, y, stride, res->reps);
}

void output_delta_row(FILE *f, const char *metric, const char *suffix, const double *x, const double *y,
                      size_t stride, const struct run_results *res)
{
    struct summary s = output_delta(x, y, stride, res);
    fputs(metric, f);
    if (suffix && *suffix)
        fprintf(f, "@%s", suffix);
    output_csv_num(f, s.mean);
    output_csv_num(f, s.lo);
    output_csv_num(f, s.hi);
    fprintf(f, ",%d", s.n);
    if (res->draws) {
        struct ens_summary e = stats_ensemble_paired(x, y, stride, res->draws, res->reps / res->draws);
        output_csv_num(f, e.pi_lo);
        output_csv_num(f, e.pi_hi);
        fprintf(f, ",%d", e.draws);
    }
    fputc('\n', f);
}

void output_comparison_csv(FILE *f, const struct run_results *res, const struct run_results *ref)
{
    output_delta_header(f, res->draws > 0);
    for (int h = 0; h < N_HEADLINES; h++)
        if (!headline_is_cf(h))
            output_delta_row(f, headline_names[h], NULL, res->head + h, ref->head + h, N_HEADLINES, res);
}

int output_decimals(double mean, double lo, double hi)
{
    double half = (hi - lo) / 2;
    int d = 4;
    if (isfinite(half) && half > 0)
        d = 1 - (int)floor(log10(half));
    else if (mean != 0 && isfinite(mean))
        d = 3 - (int)floor(log10(fabs(mean)));
    else
        d = 0; /* exactly no difference: common random numbers */
    return d < 0 ? 0 : d > 8 ? 8 : d;
}

int output_decimals_ens(double mean, double lo, double hi, double pi_lo, double pi_hi)
{
    int d = output_decimals(mean, lo, hi);
    if (isfinite(pi_lo) && isfinite(pi_hi) && pi_hi > pi_lo) {
        int p = output_decimals(mean, pi_lo, pi_hi);
        if (p < d || !(isfinite(lo) && isfinite(hi)))
            d = p;
    }
    return d;
}

/* output_format_level to d decimals */
static void format_level_d(char *mean, char *ci, size_t n, double m, double lo, double hi, int d)
{
    snprintf(mean, n, "%.*f", d, m);
    if (isfinite(lo) && isfinite(hi))
        snprintf(ci, n, "[%.*f, %.*f]", d, lo, d, hi);
    else
        snprintf(ci, n, "(n < 2)");
}

int output_format_level(char *mean, char *ci, size_t n, double m, double lo, double hi)
{
    if (isnan(m)) { /* NaN in the CSV files: undefined in every run (a share of nothing) */
        snprintf(mean, n, "NaN");
        snprintf(ci, n, "%s", OUTPUT_UNDEFINED);
        return 0;
    }
    bool have = isfinite(lo) && isfinite(hi);
    int d = output_decimals(m, have ? lo : NAN, have ? hi : NAN);
    format_level_d(mean, ci, n, m, lo, hi, d);
    return d;
}

void output_format_ens_level(char *mean, char *ci, char *pi, size_t n, double m, const struct ens_summary *e)
{
    bool mc = !isnan(e->mc.lo);
    int d = output_format_level(mean, ci, n, m, mc ? e->mc.lo : e->pi_lo, mc ? e->mc.hi : e->pi_hi);
    if (mc && !isnan(m)) { /* the decimals of the wider interval: the parameters' one, as a rule */
        d = output_decimals_ens(m, e->mc.lo, e->mc.hi, e->pi_lo, e->pi_hi);
        format_level_d(mean, ci, n, m, e->mc.lo, e->mc.hi, d);
    }
    if (!mc && !isnan(m))
        snprintf(ci, n, "(R < 2)");
    snprintf(pi, n, isnan(e->pi_lo) ? "-" : "[%.*f, %.*f]", d, e->pi_lo, d, e->pi_hi);
}

void output_format_estimate(char *buf, size_t n, double mean, double lo, double hi, double scale)
{
    output_format_estimate_d(buf, n, mean, lo, hi, scale, output_decimals(mean * scale, lo * scale, hi * scale));
}

void output_format_estimate_d(char *buf, size_t n, double mean, double lo, double hi, double scale, int d)
{
    mean *= scale;
    lo *= scale;
    hi *= scale;
    if (isnan(mean)) {
        snprintf(buf, n, "undefined");
        return;
    }
    if (mean == 0 && lo == 0 && hi == 0)
        snprintf(buf, n, "0 (no difference)");
    else if (isfinite(lo) && isfinite(hi))
        snprintf(buf, n, "%+.*f [%+.*f, %+.*f]", d, mean, d, lo, d, hi);
    else
        snprintf(buf, n, "%+.*f (one replication: no interval)", d, mean);
}

void output_shell_word(char *buf, size_t n, const char *s)
{
    size_t u = strlen(buf);
    bool plain = *s != '\0';
    for (const char *c = s; *c; c++)
        plain = plain && (strchr("_./:=,@%+-", *c) || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                          (*c >= '0' && *c <= '9'));
    if (plain) {
        snprintf(buf + u, n - u, " %s", s);
        return;
    }
    if (u + 2 < n) {
        buf[u++] = ' ';
        buf[u++] = '\'';
    }
    for (const char *c = s; *c && u + 5 < n; c++) {
        if (*c == '\'') {
            memcpy(buf + u, "'\\''", 4);
            u += 4;
        } else {
            buf[u++] = *c;
        }
    }
    if (u + 1 < n)
        buf[u++] = '\'';
    buf[u < n ? u : n - 1] = '\0';
}

void output_summary_csv(FILE *f, const struct scenario *sc, const struct run_results *res)
{
    (void)sc;
    fprintf(f, "metric,mean,sd,ci95_lo,ci95_hi,n%s\n", res->draws ? ",pi90_lo,pi90_hi,draws" : "");
    for (int h = 0; h < N_HEADLINES; h++) {
        if (headline_is_cf(h) && !res->cf_rows)
            continue;
        struct summary s = summ(res->head + h, N_HEADLINES, res);
        fputs(headline_names[h], f);
        output_csv_num(f, s.mean);
        output_csv_num(f, s.sd);
        output_csv_num(f, s.lo);
        output_csv_num(f, s.hi);
        fprintf(f, ",%d", s.n);
        if (res->draws) {
            struct ens_summary e = ens(res->head + h, N_HEADLINES, res);
            output_csv_num(f, e.pi_lo);
            output_csv_num(f, e.pi_hi);
            fprintf(f, ",%d", e.draws);
        }
        fputc('\n', f);
    }
}

void output_summary_extra(FILE *f, const struct provenance *pv, const struct run_results *res)
{
    for (int i = 0; pv && i < pv->n_extra; i++) {
        const double *v = pv->extra + (size_t)i * res->reps;
        struct summary s = summ(v, 1, res);
        fputs(pv->extra_names[i], f);
        output_csv_num(f, s.mean);
        output_csv_num(f, s.sd);
        output_csv_num(f, s.lo);
        output_csv_num(f, s.hi);
        fprintf(f, ",%d", s.n);
        if (res->draws) {
            struct ens_summary e = ens(v, 1, res);
            output_csv_num(f, e.pi_lo);
            output_csv_num(f, e.pi_hi);
            fprintf(f, ",%d", e.draws);
        }
        fputc('\n', f);
    }
}

static void write_runs(FILE *f, const struct scenario *sc, const struct run_results *res)
{
    fputs("run,date", f);
    for (int m = 0; m < N_MONTH_METRICS; m++)
        fprintf(f, ",%s", month_metric_names[m]);
    fputc('\n', f);
    for (int r = 0; r < res->reps; r++)
        for (int k = 0; k < res->months; k++) {
            char d[MONTH_STR_LEN];
            fprintf(f, "%d,%s", r, month_format(sc->start + k, d));
            const double *x = res->rows + ((size_t)r * res->months + k) * N_MONTH_METRICS;
            for (int m = 0; m < N_MONTH_METRICS; m++)
                output_csv_num(f, x[m]);
            fputc('\n', f);
        }
}

static void write_manifest(FILE *f, const struct scenario *sc, const struct provenance *pv)
{
    char a[MONTH_STR_LEN], b[MONTH_STR_LEN];
    fprintf(f, "oss_sim_version: %s\n", pv->version);
    fprintf(f, "scenario: %s\n", sc->path);
    fprintf(f, "scenario_name: %s\n", sc->name);
    fprintf(f, "scenario_sha256: %s\n", sc->sha256);
    if (sc->description[0])
        fprintf(f, "description: %s\n", sc->description);
    if (pv->cf) {
        fprintf(f, "counterfactual: %s\n", pv->cf->path);
        fprintf(f, "counterfactual_sha256: %s\n", pv->cf->sha256);
    } else {
        fputs("counterfactual: none\n", f);
    }
    if (pv->ref) {
        fprintf(f, "reference: %s\n", pv->ref->path);
        fprintf(f, "reference_sha256: %s\n", pv->ref->sha256);
    } else {
        fputs("reference: none\n", f);
    }
    fputs("overrides:", f);
    for (int i = 0; pv->ov && i < pv->ov->n; i++) {
        char w[1200] = " -s"; /* quoted as the command line is, to be pasted back */
        output_shell_word(w, sizeof w, pv->ov->items[i]);
        fputs(w, f);
    }
    fputc('\n', f);
    fprintf(f, "seed: %llu\n", (unsigned long long)sc->seed);
    fprintf(f, "replications: %d\n", sc->replications);
    if (pv->draws) {
        fprintf(f, "ensemble: %d posterior draws (weighted resampling) from %s, each with the replications above\n",
                pv->draws, sc->calibration.fitted_file);
        for (int i = 0; i < sc->n_uncertain; i++) {
            char d[128];
            prior_describe(&sc->uncertain[i], d, sizeof d);
            fprintf(f, "uncertain: %s drawn for each draw from %s\n", sc->uncertain[i].key, d);
        }
    }
    fprintf(f, "agents: %ld\n", sc->n_agents);
    fprintf(f, "horizon: %s to %s\n", month_format(sc->start, a), month_format(sc->end, b));
    fprintf(f, "reporting_year: %d\n", sc->reporting_year);
    fprintf(f, "threads: %d\n", pv->threads);
    fprintf(f, "exp: %s\n", choice_exp_kind());
    fprintf(f, "command: %s\n", pv->command);
    fputs("note: the SHA-256 is of the scenario as resolved (includes and overrides applied),\n"
          "      written by libconfig; rerun the command above to reproduce every number.\n",
          f);
}

bool output_write(const char *dir, const struct scenario *sc, const struct run_results *res,
                  const struct provenance *pv, bool per_run, char *err)
{
    struct output_file a;
    if (!atomic_open(&a, dir, "timeseries.csv", err))
        return false;
    write_timeseries(a.f, sc, res);
    if (!output_atomic_commit(&a, err) || !atomic_open(&a, dir, "families.csv", err))
        return false;
    write_families(a.f, sc, res);
    if (!output_atomic_commit(&a, err) || !atomic_open(&a, dir, "summary.csv", err))
        return false;
    output_summary_csv(a.f, sc, res);
    output_summary_extra(a.f, pv, res);
    if (!output_atomic_commit(&a, err))
        return false;
    if (per_run) {
        if (!atomic_open(&a, dir, "runs.csv", err))
            return false;
        write_runs(a.f, sc, res);
        if (!output_atomic_commit(&a, err))
            return false;
    }
    if (pv->ref_res) {
        if (!atomic_open(&a, dir, "effect.csv", err))
            return false;
        effect_write_csv(a.f, sc, res, pv->ref_res, pv->windows, pv->n_windows);
        if (!output_atomic_commit(&a, err) || !atomic_open(&a, dir, "effect_timeseries.csv", err))
            return false;
        effect_write_timeseries(a.f, sc, res, pv->ref_res);
        if (!output_atomic_commit(&a, err))
            return false;
        if (pv->comparison) {
            if (!atomic_open(&a, dir, "comparison.csv", err))
                return false;
            output_comparison_csv(a.f, res, pv->ref_res);
            if (!output_atomic_commit(&a, err))
                return false;
        }
    }
    if (!atomic_open(&a, dir, "manifest.txt", err))
        return false;
    write_manifest(a.f, sc, pv);
    return output_atomic_commit(&a, err);
}
