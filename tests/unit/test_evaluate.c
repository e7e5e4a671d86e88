/* test_evaluate.c - the tables evaluate.c and the reports share: urgency tiers, message
 * variants and their names, severities counted. (The rules themselves are tested as data:
 * tests/rules/, one case a file.) */
#include "evaluate.h"

#include <stdio.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - evaluate: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static void tables(void)
{
    check(tier_of(-5) == TIER_RED && tier_of(30) == TIER_RED, "30 days or fewer: red");
    check(tier_of(31) == TIER_AMBER && tier_of(90) == TIER_AMBER, "31 to 90 days: amber");
    check(tier_of(91) == TIER_GREEN && strcmp(tier_info[tier_of(1000)].name, "green") == 0,
          "more than 90 days: green");
    int named = 1;
    for (int v = 0; v < VAR_COUNT; v++)
        named &= variant_names[v] != NULL && (v == VAR_NONE) == (variant_names[v][0] == '\0');
    check(named, "every message variant has a name, the plain one empty");
    finding_t f = {0};
    f.variant = eval_deadline_variant(DL_REDEEM_LAST_DAY);
    check(strcmp(eval_variant_name(&f), deadline_kind_names[DL_REDEEM_LAST_DAY]) == 0,
          "a deadline variant is named like its deadline kind");
    check(eval_deadline_variant(DL_NONE) == VAR_NONE, "no deadline: the plain message");
    f.variant = VAR_NO_CONSULTANT;
    check(strcmp(eval_variant_name(&f), "no-consultant") == 0, "variant names by enum");

    finding_t fs[4] = {{.rule = R_INVALID_FILE, .waiver = -1},
                       {.rule = R_PROFILE_MISSING, .waiver = -1},
                       {.rule = R_DUPLICATE_ID, .waiver = -1},
                       {.rule = R_AGREEMENT_MISSING, .waiver = 0}};
    eval_t e = {.f = fs, .n_f = 4};
    long errors = 0, warnings = 0;
    idx_t ix[2] = {1, 2};
    eval_count_severity(&e, NULL, 3, &errors, &warnings);
    check(errors == 2 && warnings == 1, "severities counted over all findings");
    errors = warnings = 0;
    eval_count_severity(&e, ix, 2, &errors, &warnings);
    check(errors == 1 && warnings == 1, "severities counted over an index list");
    errors = warnings = 0;
    eval_count_severity(&e, NULL, 4, &errors, &warnings);
    check(errors == 2 && warnings == 1, "a waived finding counts as neither error nor warning");
}

int main(void)
{
    tables();
    return failed;
}
