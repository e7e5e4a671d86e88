/* test_model.c - records of any kind (one head: id, file, line), interning, moving a
 * record from a part's model into the main one. */
#include "model.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failed;

static void check(int cond, const char *what)
{
    printf("%s - model: %s\n", cond ? "ok" : "not ok", what);
    failed |= !cond;
}

static void records(void)
{
    model_t m;
    model_init(&m);
    for (int k = 0; k < REC_KINDS; k++) {
        record_head_t *h = model_new_record(&m, (rec_kind_t)k);
        h->id = rec_kind_names[k];
        h->file = 1;
        h->line = 10u + (unsigned)k;
    }
    check(m.n_partners == 1 && m.n_customers == 1 && m.n_vouchers == 1, "one new record of each kind");
    check(strcmp(m.partners[0].id, "partner") == 0 && m.customers[0].line == 11 &&
              m.vouchers[0].file == 1,
          "the head is the record's own id, file and line");
    check(model_head(&m, REC_VOUCHER, 0) == &m.vouchers[0].head, "model_head finds the record");
    check(model_index(&m, REC_CUSTOMER) == &m.customer_ix, "model_index is the kind's index");
    model_drop(&m, REC_CUSTOMER, 0);
    check(model_count(&m, REC_CUSTOMER) == 0 && model_count(&m, REC_PARTNER) == 1,
          "model_drop drops one kind only");
    for (int i = 0; i < 1000; i++)
        model_new_record(&m, REC_VOUCHER);
    check(model_count(&m, REC_VOUCHER) == 1001 && m.vouchers[1000].id == NULL,
          "slots grow and come zeroed");
    model_free(&m);
}

static void interning(void)
{
    model_t m;
    model_init(&m);
    char a[] = "P1", b[] = "P1";
    check(model_intern(&m, a) == model_intern(&m, b) && model_intern(&m, a) != a,
          "equal strings intern to one copy");
    check(model_intern(&m, NULL) == NULL, "NULL stays NULL");
    /* 5,000 IDs share the memo's 256 slots: each equal copy, asked for in another order,
     * is still the one interned string, and distinct IDs stay distinct */
    static const char *first[5000];
    char id[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof id, "CU%07d", i * 7919 % 100003);
        first[i] = model_intern(&m, id);
    }
    long same = 0, distinct = 0;
    for (int k = 0; k < 15000; k++) {
        int i = (k * 2654435761u) % 5000;
        snprintf(id, sizeof id, "CU%07d", i * 7919 % 100003);
        const char *again = model_intern(&m, id);
        same += again == first[i] && strcmp(again, id) == 0;
        distinct += again != first[(i + 1) % 5000];
    }
    check(same == 15000 && distinct == 15000 && m.intern.len == 5001,
          "an ID asked for again, through the memo or the map, is its one interned copy");
    model_free(&m);
}

static void moving(void)
{
    model_t whole, part;
    model_init(&whole);
    model_init(&part);
    record_head_t *h = model_new_record(&part, REC_VOUCHER);
    h->id = "V1";
    part.vouchers[0].partner = model_intern(&part, "P9");
    part.vouchers[0].customer = model_intern(&part, "C9");
    h = model_new_record(&part, REC_PARTNER);
    h->id = "P9";
    h->line = 7;
    model_new_record(&part, REC_PARTNER); /* zeroed partner, no arrays */

    record_head_t *mv = model_move_record(&whole, &part, REC_VOUCHER, 0);
    const voucher_t *v = &whole.vouchers[0];
    check(mv == &whole.vouchers[0].head && strcmp(v->id, "V1") == 0, "a voucher moves with its head");
    check(v->partner == model_intern(&whole, "P9") && v->partner != part.vouchers[0].partner,
          "its interned IDs are the main model's");
    const char *who[REC_KINDS];
    model_names(&whole, REC_VOUCHER, 0, who);
    check(strcmp(who[REC_VOUCHER], "V1") == 0 && strcmp(who[REC_PARTNER], "P9") == 0 &&
              strcmp(who[REC_CUSTOMER], "C9") == 0,
          "a voucher names its partner, customer and itself");
    model_move_record(&whole, &part, REC_PARTNER, 0);
    model_names(&whole, REC_PARTNER, 0, who);
    check(whole.partners[0].line == 7 && strcmp(who[REC_PARTNER], "P9") == 0 && !who[REC_VOUCHER] &&
              !who[REC_CUSTOMER],
          "a partner moves and names itself only");
    check(part.partners[0].id == NULL, "the moved partner is zeroed in its old model");

    /* a second voucher naming the same customer and partner, and one naming an ID the
     * whole model already had: each ends on the whole model's one copy */
    const char *c9 = whole.vouchers[0].customer;
    const char *had = model_intern(&whole, "ENG-1");
    for (int k = 0; k < 2; k++) {
        h = model_new_record(&part, REC_VOUCHER);
        h->id = k ? "V3" : "V2";
        part.vouchers[part.n_vouchers - 1].customer = model_intern(&part, "C9");
        part.vouchers[part.n_vouchers - 1].partner = model_intern(&part, k ? "P8" : "P9");
        part.vouchers[part.n_vouchers - 1].engagement = model_intern(&part, "ENG-1");
        model_move_record(&whole, &part, REC_VOUCHER, part.n_vouchers - 1);
    }
    const voucher_t *v2 = &whole.vouchers[1], *v3 = &whole.vouchers[2];
    check(v2->customer == c9 && v3->customer == c9 && v2->partner == whole.vouchers[0].partner &&
              v2->engagement == had && v3->engagement == had,
          "moved again, an ID is the whole model's same copy (first interned there or before)");
    check(strcmp(v3->partner, "P8") == 0 && v3->partner == model_intern(&whole, "P8") &&
              v3->partner != model_intern(&part, "P8") && v3->consultant == NULL,
          "a new ID is interned in the whole model; NULL stays NULL");
    arena_adopt(&whole.arena, &part.arena);
    model_free(&part);
    model_free(&whole);
}

/* The ID indexes store no keys: they find a record's ID from its index, so they keep
 * working when the record array moves (grows) and after hash_free. */
static void keyless_index(void)
{
    model_t m;
    model_init(&m);
    char ids[3000][16];
    hash_t *ix = model_index(&m, REC_VOUCHER);
    for (int i = 0; i < 3000; i++) { /* grows the array and the index several times */
        snprintf(ids[i], sizeof ids[i], "PS-%05d", i);
        record_head_t *h = model_new_record(&m, REC_VOUCHER);
        h->id = ids[i];
        hash_put(ix, h->id, (uint32_t)i);
    }
    check(ix->keys == NULL && ix->key_of != NULL, "the voucher index stores no keys");
    long found = 0;
    for (int i = 0; i < 3000; i++) {
        char key[16];
        snprintf(key, sizeof key, "PS-%05d", i); /* an equal string, not the stored one */
        found += hash_get(ix, key) == i && hash_key(ix, key) == ids[i];
    }
    check(found == 3000, "every ID found by value, its stored key returned");
    check(hash_get(ix, "PS-03000") == -1 && hash_put(ix, "PS-00007", 9) == 0,
          "an absent ID is absent; a present one is not put again");
    hash_free(ix);
    check(hash_get(ix, "PS-00001") == -1 && ix->key_of != NULL, "hash_free empties, keeps key_of");
    check(hash_put(ix, m.vouchers[5].id, 5) == 1 && hash_get(ix, "PS-00005") == 5,
          "the index is usable again after hash_free");
    model_free(&m);
}

/* Releasing moved vouchers: their whole pages read as zeros, the rest is kept. */
static void release_vouchers(void)
{
    model_t m;
    model_init(&m);
    for (int i = 0; i < 5000; i++)
        model_new_record(&m, REC_VOUCHER)->line = 7;
    model_release_vouchers(&m, 4000);
    long kept = 0, zeroed = 0;
    for (int i = 4000; i < 5000; i++)
        kept += m.vouchers[i].line == 7;
    for (int i = 0; i < 4000; i++)
        zeroed += m.vouchers[i].line == 0;
    check(kept == 1000, "vouchers from n on are untouched");
    check(zeroed > 3000, "the whole pages before n read as zeros");
    model_free(&m);
}

int main(void)
{
    records();
    interning();
    moving();
    keyless_index();
    release_vouchers();
    return failed;
}
