/* model.c - lookups over the loaded dimensions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kpitop/model.h"
#include "kpitop/util.h"

void dims_free(struct kp_dims *d)
{
	for (size_t i = 0; i < d->nteams; i++)
		free(d->teams[i].name);
	for (size_t i = 0; i < d->nmanagers; i++)
		free(d->managers[i].name);
	for (size_t i = 0; i < d->nchannels; i++)
		free(d->channels[i].name);
	for (size_t i = 0; i < d->nmetrics; i++) {
		free(d->metrics[i].key);
		free(d->metrics[i].label);
	}
	free(d->teams);
	free(d->managers);
	free(d->channels);
	free(d->metrics);
	memset(d, 0, sizeof *d);
}

/* The four lists share one shape: an array of structs whose first members
 * are the id and the name. */
#define FIND_BY(arr, n, field, value)                                   \
	do {                                                            \
		for (size_t i_ = 0; i_ < (n); i_++)                     \
			if (strcmp((arr)[i_].field, (value)) == 0)      \
				return &(arr)[i_];                      \
		return NULL;                                            \
	} while (0)

#define INDEX_OF(arr, n, want)                                          \
	do {                                                            \
		for (size_t i_ = 0; i_ < (n); i_++)                     \
			if ((arr)[i_].id == (want))                     \
				return (int)i_;                         \
		return -1;                                              \
	} while (0)

const struct kp_team *dims_team_by_name(const struct kp_dims *d, const char *name)
{
	FIND_BY(d->teams, d->nteams, name, name);
}

const struct kp_manager *dims_manager_by_name(const struct kp_dims *d, const char *name)
{
	FIND_BY(d->managers, d->nmanagers, name, name);
}

const struct kp_channel *dims_channel_by_name(const struct kp_dims *d, const char *name)
{
	FIND_BY(d->channels, d->nchannels, name, name);
}

const struct kp_metric *dims_metric_by_key(const struct kp_dims *d, const char *key)
{
	FIND_BY(d->metrics, d->nmetrics, key, key);
}

int dims_team_index(const struct kp_dims *d, int64_t id)
{
	INDEX_OF(d->teams, d->nteams, id);
}

int dims_manager_index(const struct kp_dims *d, int64_t id)
{
	INDEX_OF(d->managers, d->nmanagers, id);
}

int dims_channel_index(const struct kp_dims *d, int64_t id)
{
	INDEX_OF(d->channels, d->nchannels, id);
}

int dims_metric_index(const struct kp_dims *d, int64_t id)
{
	INDEX_OF(d->metrics, d->nmetrics, id);
}

const struct kp_channel *dims_first_channel(const struct kp_dims *d)
{
	for (size_t i = 0; i < d->nchannels; i++)
		if (!d->channels[i].archived)
			return &d->channels[i];
	return NULL;
}

const struct kp_manager *dims_team_head(const struct kp_dims *d, const struct kp_team *t)
{
	int k = t->head_id ? dims_manager_index(d, t->head_id) : -1;
	if (k < 0 || d->managers[k].archived || d->managers[k].team_id != t->id)
		return NULL;
	return &d->managers[k];
}

const struct kp_team *dims_push_team(struct kp_dims *d, int64_t id, const char *name)
{
	d->teams = xrealloc(d->teams, (d->nteams + 1) * sizeof *d->teams);
	d->teams[d->nteams] = (struct kp_team){id, xstrdup(name), 0, 0};
	return &d->teams[d->nteams++];
}

const struct kp_manager *dims_push_manager(struct kp_dims *d, int64_t id, const char *name,
					   int64_t team_id)
{
	d->managers = xrealloc(d->managers, (d->nmanagers + 1) * sizeof *d->managers);
	d->managers[d->nmanagers] = (struct kp_manager){id, xstrdup(name), team_id, 0};
	return &d->managers[d->nmanagers++];
}

const struct kp_channel *dims_push_channel(struct kp_dims *d, int64_t id, const char *name)
{
	d->channels = xrealloc(d->channels, (d->nchannels + 1) * sizeof *d->channels);
	d->channels[d->nchannels] = (struct kp_channel){id, xstrdup(name), 0};
	return &d->channels[d->nchannels++];
}
