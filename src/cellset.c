/* cellset.c - a hash set of entry cells with linear probing.  Import adds
 * every row, so the table grows by doubling and stays at most three
 * quarters full: one probe or two per row, whatever the file's order. */
#include "config.h"

#include <stdlib.h>

#include "kpitop/cellset.h"
#include "kpitop/util.h"

struct cellset_slot {
	int64_t manager_id, channel_id;
	long line;
	kp_date day;
};

void cellset_init(struct cellset *cs)
{
	cs->slots = NULL;
	cs->cap = cs->n = 0;
}

void cellset_free(struct cellset *cs)
{
	free(cs->slots);
	cellset_init(cs);
}

/* Ids and days are small, dense numbers: mix all their bits (the
 * finalizer of MurmurHash3) so that neighbouring cells spread out. */
static size_t cell_hash(kp_date day, int64_t manager_id, int64_t channel_id)
{
	uint64_t h = (uint64_t)(uint32_t)day;
	h = h * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)manager_id;
	h = h * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)channel_id;
	h ^= h >> 33;
	h *= UINT64_C(0xFF51AFD7ED558CCD);
	h ^= h >> 33;
	h *= UINT64_C(0xC4CEB9FE1A85EC53);
	h ^= h >> 33;
	return (size_t)h;
}

/* The slot holding the cell, or the free slot where it belongs. */
static struct cellset_slot *cell_find(const struct cellset *cs, kp_date day, int64_t manager_id,
				      int64_t channel_id)
{
	size_t mask = cs->cap - 1;
	for (size_t i = cell_hash(day, manager_id, channel_id) & mask;; i = (i + 1) & mask) {
		struct cellset_slot *sl = &cs->slots[i];
		if (!sl->line || (sl->day == day && sl->manager_id == manager_id &&
				  sl->channel_id == channel_id))
			return sl;
	}
}

static void cell_grow(struct cellset *cs)
{
	struct cellset old = *cs;
	cs->cap = old.cap ? old.cap * 2 : 64;
	cs->slots = xcalloc(cs->cap, sizeof *cs->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].line)
			*cell_find(cs, old.slots[i].day, old.slots[i].manager_id,
				   old.slots[i].channel_id) = old.slots[i];
	free(old.slots);
}

long cellset_add(struct cellset *cs, kp_date day, int64_t manager_id, int64_t channel_id,
		 long line)
{
	if ((cs->n + 1) * 4 > cs->cap * 3)
		cell_grow(cs);
	struct cellset_slot *sl = cell_find(cs, day, manager_id, channel_id);
	if (sl->line)
		return sl->line;
	*sl = (struct cellset_slot){manager_id, channel_id, line, day};
	cs->n++;
	return 0;
}
