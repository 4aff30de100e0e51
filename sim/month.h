/*
 * month.h - calendar months as whole numbers.
 *
 * A month is year * 12 + (month - 1): 2024-11 is 24298.  All output writes
 * months as "YYYY-MM".  Only whole months exist in the model.
 */
#ifndef OSS_MONTH_H
#define OSS_MONTH_H

#include <stdbool.h>
#include <stdio.h>

#define MONTH_STR_LEN 8 /* "YYYY-MM" and a NUL */

static inline int month_make(int year, int month) { return year * 12 + (month - 1); }
static inline int month_year(int m) { return m / 12; }
static inline int month_of_year(int m) { return m % 12 + 1; }

/* Parses "YYYY-MM" (years 1900 to 2199); false on anything else. */
static inline bool month_parse(const char *s, int *out)
{
    int y, m, n = 0;
    if (sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7 || s[n] != '\0')
        return false;
    if (s[4] != '-' || y < 1900 || y > 2199 || m < 1 || m > 12)
        return false;
    *out = month_make(y, m);
    return true;
}

/* Why month_parse refused s, for a message: what is out of range when s has
 * the form YYYY-MM ("0000-01" is that form, but no month the model knows),
 * else "". */
static inline const char *month_why(const char *s)
{
    int y, m, n = 0;
    if (sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7 || s[n] != '\0' || s[4] != '-')
        return "";
    if (m < 1 || m > 12)
        return " (months run from 01 to 12)";
    return y < 1900 || y > 2199 ? " (years 1900 to 2199)" : "";
}

static inline const char *month_format(int m, char buf[MONTH_STR_LEN])
{
    snprintf(buf, MONTH_STR_LEN, "%04u-%02u", (unsigned)month_year(m) % 10000u, (unsigned)month_of_year(m) % 100u);
    return buf;
}

#endif
