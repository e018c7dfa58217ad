/* cellset.h - a set of entry cells (day, manager, channel), each with the
 * line of a file it was first seen on: import finds a repeated cell in
 * constant time (pure). */
#ifndef KPITOP_CELLSET_H
#define KPITOP_CELLSET_H

#include <stddef.h>
#include <stdint.h>

#include "kpitop/date.h"

struct cellset {
	struct cellset_slot *slots; /* open addressing; line 0 marks a free slot */
	size_t cap, n;              /* cap is 0 or a power of two */
};

void cellset_init(struct cellset *cs);
void cellset_free(struct cellset *cs);
/* Add a cell seen on line (> 0): 0 when it is new, else the line it was
 * first added with (the set keeps that one). */
long cellset_add(struct cellset *cs, kp_date day, int64_t manager_id, int64_t channel_id,
		 long line);

#endif
