/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-review-marks.c: the "reviewed" marks of the tasks of release packages, kept in a JSON file. */
#define G_LOG_DOMAIN "rd-review-marks"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rd-json-check.h"
#include "rd-review-marks.h"

/* The file is written three levels deep ({ "marks": [ { … } ] }); json-glib's parser recurses
 * once per level, so a file of nothing but "[[[[…" is refused before it is parsed. */
#define MAX_DEPTH 8
/* The longest endpoint, ID or task key a mark takes, in bytes. */
#define MAX_KEY_PART (1024 * 1024)

typedef struct
{
  char   *endpoint;
  char   *project;
  char   *workspace;
  char   *package;
  char   *task;
  int     pending_version;
  gint64  time;
  /* Breaks ties between marks of the same second: the order they were made (or read) in. */
  guint64 seq;
} Mark;

/* What the file was after the last load or save: another process's write (a new file renamed
 * over it) changes at least the inode. */
typedef struct
{
  gboolean exists;
  dev_t    dev;
  ino_t    ino;
  off_t    size;
  gint64   mtime_ns;
} FileStamp;

struct _RdReviewMarks
{
  GObject     parent_instance;

  char       *path;
  /* compose_key () → Mark */
  GHashTable *marks;
  guint64     next_seq;
  FileStamp   stamp;
  /* The file could neither be read nor moved aside: writing would lose it. */
  gboolean    not_loaded;
};

G_DEFINE_FINAL_TYPE (RdReviewMarks, rd_review_marks, G_TYPE_OBJECT)

G_DEFINE_QUARK (rd-review-marks-error-quark, rd_review_marks_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mark_free (Mark *mark)
{
  g_free (mark->endpoint);
  g_free (mark->project);
  g_free (mark->workspace);
  g_free (mark->package);
  g_free (mark->task);
  g_free (mark);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mark, mark_free)

static GHashTable *
marks_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)mark_free);
}

/* Each part with its length in front: no text a task name holds can make two keys one. */
static char *
compose_key (const char *endpoint,
             const char *project,
             const char *workspace,
             const char *package,
             const char *task)
{
  const char *parts[] = { endpoint, project, workspace != NULL ? workspace : "", package, task };
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_string_append_printf (key, "%zu:%s", strlen (parts[i]), parts[i]);

  return g_string_free (key, FALSE);
}

static char *
mark_key (const Mark *mark)
{
  return compose_key (mark->endpoint, mark->project, mark->workspace, mark->package, mark->task);
}

static gboolean
mark_in_package (const Mark *mark,
                 const char *endpoint,
                 const char *project,
                 const char *workspace,
                 const char *package)
{
  return g_str_equal (mark->endpoint, endpoint) &&
         g_str_equal (mark->project, project) &&
         g_str_equal (mark->workspace, workspace != NULL ? workspace : "") &&
         g_str_equal (mark->package, package);
}

/* Oldest first. */
static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const Mark *ma = *(const Mark * const *)a;
  const Mark *mb = *(const Mark * const *)b;

  if (ma->time != mb->time)
    return ma->time < mb->time ? -1 : 1;
  if (ma->seq != mb->seq)
    return ma->seq < mb->seq ? -1 : 1;
  return 0;
}

/* The marks of @table, oldest first. */
static GPtrArray *
sorted_marks (GHashTable *table)
{
  GPtrArray *sorted = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_marks);

  return sorted;
}

/* Drops the oldest marks past RD_REVIEW_MARKS_MAX. */
static void
trim_table (GHashTable *table)
{
  g_autoptr(GPtrArray) sorted = NULL;
  guint excess;

  if (g_hash_table_size (table) <= RD_REVIEW_MARKS_MAX)
    return;

  sorted = sorted_marks (table);
  excess = sorted->len - RD_REVIEW_MARKS_MAX;
  for (guint i = 0; i < excess; i++)
    {
      g_autofree char *key = mark_key (g_ptr_array_index (sorted, i));

      g_hash_table_remove (table, key);
    }
}

static void
rd_review_marks_finalize (GObject *object)
{
  RdReviewMarks *self = (RdReviewMarks *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->marks, g_hash_table_unref);

  G_OBJECT_CLASS (rd_review_marks_parent_class)->finalize (object);
}

static void
rd_review_marks_class_init (RdReviewMarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_review_marks_finalize;

  /**
   * RdReviewMarks::changed:
   * @package_id: (nullable): the package whose marks changed; NULL after a load
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_review_marks_init (RdReviewMarks *self)
{
  self->marks = marks_table_new ();
}

RdReviewMarks *
rd_review_marks_new (const char *path)
{
  RdReviewMarks *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RD_TYPE_REVIEW_MARKS, NULL);
  self->path = g_strdup (path);

  return self;
}

RdReviewMarks *
rd_review_marks_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "release-desk",
                                            "reviewed.json", NULL);

  return rd_review_marks_new (path);
}

const char *
rd_review_marks_get_path (RdReviewMarks *self)
{
  g_return_val_if_fail (RD_IS_REVIEW_MARKS (self), NULL);

  return self->path;
}

/* ---- Reading -------------------------------------------------------------------------------- */

typedef enum
{
  READ_OK,
  /* Not the file this class writes: move it aside. */
  READ_DAMAGED,
  /* Could not be read at all: leave it alone. */
  READ_FAILED,
} ReadResult;

static void
stamp_from_stat (FileStamp         *stamp,
                 const struct stat *st)
{
  stamp->exists = TRUE;
  stamp->dev = st->st_dev;
  stamp->ino = st->st_ino;
  stamp->size = st->st_size;
  stamp->mtime_ns = (gint64)st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                    st->st_mtim.tv_nsec;
}

static gboolean
stamp_equal (const FileStamp *a,
             const FileStamp *b)
{
  if (!a->exists || !b->exists)
    return a->exists == b->exists;

  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime_ns == b->mtime_ns;
}

static void
read_stamp (const char *path,
            FileStamp  *stamp)
{
  struct stat st;

  memset (stamp, 0, sizeof *stamp);
  if (g_stat (path, &st) == 0)
    stamp_from_stat (stamp, &st);
}

static gboolean
get_string_member (JsonObject  *object,
                   const char  *name,
                   char       **out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_int_member (JsonObject *object,
                const char *name,
                gint64      min,
                gint64      max,
                gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  value = json_node_get_int (node);
  if (value < min || value > max)
    return FALSE;

  *out = value;
  return TRUE;
}

static Mark *
mark_from_node (JsonNode *node)
{
  g_autoptr(Mark) mark = g_new0 (Mark, 1);
  JsonObject *object;
  gint64 version;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  if (!get_string_member (object, "endpoint", &mark->endpoint) ||
      !get_string_member (object, "project", &mark->project) ||
      !get_string_member (object, "workspace", &mark->workspace) ||
      !get_string_member (object, "package", &mark->package) ||
      !get_string_member (object, "task", &mark->task) ||
      !get_int_member (object, "pending-version", G_MININT, G_MAXINT, &version) ||
      !get_int_member (object, "time", 0, G_MAXINT64, &mark->time))
    return NULL;

  mark->pending_version = (int)version;
  return g_steal_pointer (&mark);
}

/* Reads @path into a new table (*out_table; empty when there is no file). *out_stamp is the
 * file read. On READ_DAMAGED and READ_FAILED, @error says why. */
static ReadResult
read_marks (const char   *path,
            GHashTable  **out_table,
            guint64      *next_seq,
            FileStamp    *out_stamp,
            GError      **error)
{
  g_autoptr(GHashTable) table = marks_table_new ();
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (path);
  JsonObject *root;
  JsonNode *marks_node;
  JsonArray *marks;
  gint64 version;
  gsize length;
  struct stat st;

  memset (out_stamp, 0, sizeof *out_stamp);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          *out_table = g_steal_pointer (&table);
          return READ_OK;
        }

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not read the reviewed marks from “%s”: %s"),
                   display, g_strerror (saved_errno));
      return READ_FAILED;
    }

  /* A FIFO or a device would block the read or never end. */
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("Could not read the reviewed marks from “%s”: it is not a regular file"),
                   display);
      return READ_FAILED;
    }

  if (st.st_size > RD_REVIEW_MARKS_MAX_FILE_SIZE)
    {
      g_set_error_literal (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                           _("the file is too large"));
      return READ_DAMAGED;
    }

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Could not read the reviewed marks from “%s”: %s"),
                   display, local_error->message);
      return READ_FAILED;
    }
  stamp_from_stat (out_stamp, &st);

  /* It may have grown between the two looks. */
  if (length > RD_REVIEW_MARKS_MAX_FILE_SIZE)
    {
      g_set_error_literal (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                           _("the file is too large"));
      return READ_DAMAGED;
    }

  /* The check every JSON text passes before json-glib (HACKING.md's JSON rule): UTF-8 and
   * RFC 8259 only (json-glib 1.6 takes "{…} {…}" and comments), shallow, no "\u0000". */
  parser = json_parser_new_immutable ();
  if (!rd_json_check (data, length, MAX_DEPTH, &local_error) ||
      !json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                   _("the file is not valid JSON: %s"), local_error->message);
      return READ_DAMAGED;
    }

  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                           _("the file does not hold a JSON object"));
      return READ_DAMAGED;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  if (!get_int_member (root, "version", G_MININT64, G_MAXINT64, &version) || version != 1)
    {
      g_set_error_literal (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                           _("its “version” is missing or not 1"));
      return READ_DAMAGED;
    }

  marks_node = json_object_get_member (root, "marks");
  if (marks_node == NULL || !JSON_NODE_HOLDS_ARRAY (marks_node))
    {
      g_set_error_literal (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                           _("its “marks” is missing or not a list"));
      return READ_DAMAGED;
    }
  marks = json_node_get_array (marks_node);

  for (guint i = 0; i < json_array_get_length (marks); i++)
    {
      g_autoptr(Mark) mark = mark_from_node (json_array_get_element (marks, i));
      g_autofree char *key = NULL;
      Mark *old;

      if (mark == NULL)
        {
          g_set_error (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                       _("mark %u is not a mark"), i + 1);
          return READ_DAMAGED;
        }

      mark->seq = (*next_seq)++;
      key = mark_key (mark);
      /* Not written by this class; the newer of the two wins. */
      old = g_hash_table_lookup (table, key);
      if (old != NULL && compare_marks (&old, &mark) > 0)
        continue;
      g_hash_table_replace (table, g_steal_pointer (&key), g_steal_pointer (&mark));
    }

  trim_table (table);

  *out_table = g_steal_pointer (&table);
  return READ_OK;
}

/* Moves the damaged file aside, never over another one. Returns its new name. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *aside = NULL;
  struct stat st;

  for (guint n = 1; aside == NULL || g_lstat (aside, &st) == 0; n++)
    {
      g_free (aside);
      if (n == 1)
        aside = g_strdup_printf ("%s.broken-%s", path, stamp);
      else
        aside = g_strdup_printf ("%s.broken-%s-%u", path, stamp, n);
    }

  if (g_rename (path, aside) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The reviewed marks in “%s” are damaged and could not be moved aside: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&aside);
}

gboolean
rd_review_marks_load (RdReviewMarks  *self,
                      GError        **error)
{
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) read_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RD_IS_REVIEW_MARKS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (read_marks (self->path, &table, &self->next_seq, &self->stamp, &read_error))
    {
    case READ_OK:
      self->not_loaded = FALSE;
      break;

    case READ_DAMAGED:
      {
        g_autofree char *aside = move_aside (self->path, error);
        g_autofree char *display = g_filename_display_name (self->path);
        g_autofree char *aside_display = NULL;

        ok = FALSE;
        if (aside == NULL)
          {
            self->not_loaded = TRUE;
            break;
          }

        aside_display = g_filename_display_name (aside);
        g_set_error (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_INVALID,
                     _("The reviewed marks in “%s” could not be read (%s). The file was kept as "
                       "“%s”, and no task is marked reviewed."),
                     display, read_error->message, aside_display);
        memset (&self->stamp, 0, sizeof self->stamp);
        self->not_loaded = FALSE;
      }
      break;

    case READ_FAILED:
    default:
      ok = FALSE;
      self->not_loaded = TRUE;
      g_propagate_error (error, g_steal_pointer (&read_error));
      break;
    }

  g_clear_pointer (&self->marks, g_hash_table_unref);
  self->marks = table != NULL ? g_steal_pointer (&table) : marks_table_new ();

  g_signal_emit (self, signals[CHANGED], 0, NULL);

  return ok;
}

/* ---- Writing -------------------------------------------------------------------------------- */

static char *
build_data (GPtrArray *sorted,
            guint      first,
            gsize     *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "marks");
  json_builder_begin_array (builder);
  for (guint i = first; i < sorted->len; i++)
    {
      const Mark *mark = g_ptr_array_index (sorted, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "endpoint");
      json_builder_add_string_value (builder, mark->endpoint);
      json_builder_set_member_name (builder, "project");
      json_builder_add_string_value (builder, mark->project);
      json_builder_set_member_name (builder, "workspace");
      json_builder_add_string_value (builder, mark->workspace);
      json_builder_set_member_name (builder, "package");
      json_builder_add_string_value (builder, mark->package);
      json_builder_set_member_name (builder, "task");
      json_builder_add_string_value (builder, mark->task);
      json_builder_set_member_name (builder, "pending-version");
      json_builder_add_int_value (builder, mark->pending_version);
      json_builder_set_member_name (builder, "time");
      json_builder_add_int_value (builder, mark->time);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* Writes the newest RD_REVIEW_MARKS_MAX marks, fewer if their text would make the file too big
 * to be read back; the older ones are dropped from memory only once the file holds the rest. */
static gboolean
save (RdReviewMarks  *self,
      GError        **error)
{
  g_autoptr(GPtrArray) sorted = sorted_marks (self->marks);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *display = NULL;
  guint first = sorted->len > RD_REVIEW_MARKS_MAX ? sorted->len - RD_REVIEW_MARKS_MAX : 0;
  gsize length;

  data = build_data (sorted, first, &length);
  while (length > RD_REVIEW_MARKS_MAX_FILE_SIZE && first < sorted->len)
    {
      first += (sorted->len - first) / 10 + 1;
      g_free (data);
      data = build_data (sorted, first, &length);
    }

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *dir_display = g_filename_display_name (dir);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s” for the reviewed marks: %s"),
                   dir_display, g_strerror (saved_errno));
      return FALSE;
    }

  /* A temporary file renamed over the old one: a failure leaves the old file as it was. */
  if (!g_file_set_contents_full (self->path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local_error))
    {
      display = g_filename_display_name (self->path);
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the reviewed marks to “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }

  read_stamp (self->path, &self->stamp);

  for (guint i = 0; i < first; i++)
    {
      g_autofree char *key = mark_key (g_ptr_array_index (sorted, i));

      /* sorted points into the table: drop the array's view of it first. */
      g_ptr_array_index (sorted, i) = NULL;
      g_hash_table_remove (self->marks, key);
    }

  return TRUE;
}

/* Before a change, reads in what another process saved since the last load or save, so that a
 * write does not undo its marks. A file that cannot be read now stops the change, and is left
 * for rd_review_marks_load () to deal with. */
static gboolean
refresh (RdReviewMarks  *self,
         GError        **error)
{
  g_autoptr(GHashTable) table = NULL;
  FileStamp now;

  if (self->not_loaded)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_NOT_LOADED,
                   _("The reviewed marks in “%s” could not be read, so the file is left as it "
                     "is and no mark can be changed"), display);
      return FALSE;
    }

  read_stamp (self->path, &now);
  if (stamp_equal (&now, &self->stamp))
    return TRUE;

  g_debug ("The reviewed marks file changed on disk; reading it again");
  if (read_marks (self->path, &table, &self->next_seq, &now, error) != READ_OK)
    return FALSE;

  g_clear_pointer (&self->marks, g_hash_table_unref);
  self->marks = g_steal_pointer (&table);
  self->stamp = now;

  /* Any package may have gained or lost marks. The change to come is looked up afterwards, so a
   * handler that changes a mark itself is seen. */
  g_signal_emit (self, signals[CHANGED], 0, NULL);
  return TRUE;
}

static gboolean
check_text (const char  *text,
            GError     **error)
{
  /* A part longer than this would leave no room in the file for any mark. */
  if (strlen (text) <= MAX_KEY_PART && g_utf8_validate (text, -1, NULL))
    return TRUE;

  g_set_error_literal (error, RD_REVIEW_MARKS_ERROR, RD_REVIEW_MARKS_ERROR_BAD_KEY,
                       _("The task cannot be marked: its name is not valid text, or too long"));
  return FALSE;
}

gboolean
rd_review_marks_get (RdReviewMarks     *self,
                     const RdReviewKey *key)
{
  g_autofree char *composed = NULL;
  const Mark *mark;

  g_return_val_if_fail (RD_IS_REVIEW_MARKS (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (key->endpoint != NULL && key->project_id != NULL, FALSE);
  g_return_val_if_fail (key->package_id != NULL && key->task_key != NULL, FALSE);

  composed = compose_key (key->endpoint, key->project_id, key->workspace_id, key->package_id,
                          key->task_key);
  mark = g_hash_table_lookup (self->marks, composed);

  return mark != NULL && mark->pending_version == key->pending_version;
}

gboolean
rd_review_marks_set (RdReviewMarks      *self,
                     const RdReviewKey  *key,
                     gboolean            reviewed,
                     GError            **error)
{
  g_autofree char *composed = NULL;
  gpointer old_key = NULL;
  gpointer old_mark = NULL;
  gboolean had_old;

  g_return_val_if_fail (RD_IS_REVIEW_MARKS (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (key->endpoint != NULL && key->project_id != NULL, FALSE);
  g_return_val_if_fail (key->package_id != NULL && key->task_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (key->endpoint, error) || !check_text (key->project_id, error) ||
      (key->workspace_id != NULL && !check_text (key->workspace_id, error)) ||
      !check_text (key->package_id, error) || !check_text (key->task_key, error))
    return FALSE;

  if (!refresh (self, error))
    return FALSE;

  composed = compose_key (key->endpoint, key->project_id, key->workspace_id, key->package_id,
                          key->task_key);
  if (rd_review_marks_get (self, key) == !!reviewed)
    return TRUE;

  had_old = g_hash_table_steal_extended (self->marks, composed, &old_key, &old_mark);

  if (reviewed)
    {
      Mark *mark = g_new0 (Mark, 1);

      mark->endpoint = g_strdup (key->endpoint);
      mark->project = g_strdup (key->project_id);
      mark->workspace = g_strdup (key->workspace_id != NULL ? key->workspace_id : "");
      mark->package = g_strdup (key->package_id);
      mark->task = g_strdup (key->task_key);
      mark->pending_version = key->pending_version;
      mark->time = g_get_real_time () / G_USEC_PER_SEC;
      mark->seq = self->next_seq++;
      g_hash_table_insert (self->marks, g_strdup (composed), mark);
    }

  if (!save (self, error))
    {
      g_hash_table_remove (self->marks, composed);
      if (had_old)
        g_hash_table_insert (self->marks, old_key, old_mark);
      return FALSE;
    }

  if (had_old)
    {
      g_free (old_key);
      mark_free (old_mark);
    }

  g_signal_emit (self, signals[CHANGED], 0, key->package_id);
  return TRUE;
}

guint
rd_review_marks_count (RdReviewMarks         *self,
                       const char            *endpoint,
                       const char            *project_id,
                       const char            *workspace_id,
                       const char            *package_id,
                       const RdReviewTaskRef *tasks,
                       guint                  n_tasks)
{
  guint count = 0;

  g_return_val_if_fail (RD_IS_REVIEW_MARKS (self), 0);
  g_return_val_if_fail (endpoint != NULL && project_id != NULL && package_id != NULL, 0);
  g_return_val_if_fail (tasks != NULL || n_tasks == 0, 0);

  for (guint i = 0; i < n_tasks; i++)
    {
      RdReviewKey key = {
        .endpoint = endpoint,
        .project_id = project_id,
        .workspace_id = workspace_id,
        .package_id = package_id,
        .task_key = tasks[i].task_key,
        .pending_version = tasks[i].pending_version,
      };

      g_return_val_if_fail (tasks[i].task_key != NULL, count);
      if (rd_review_marks_get (self, &key))
        count++;
    }

  return count;
}

gboolean
rd_review_marks_forget_package (RdReviewMarks  *self,
                                const char     *endpoint,
                                const char     *project_id,
                                const char     *workspace_id,
                                const char     *package_id,
                                GError        **error)
{
  g_autoptr(GHashTable) dropped = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_val_if_fail (RD_IS_REVIEW_MARKS (self), FALSE);
  g_return_val_if_fail (endpoint != NULL && project_id != NULL && package_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!refresh (self, error))
    return FALSE;

  dropped = marks_table_new ();
  g_hash_table_iter_init (&iter, self->marks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (mark_in_package (value, endpoint, project_id, workspace_id, package_id))
      {
        g_hash_table_iter_steal (&iter);
        g_hash_table_insert (dropped, key, value);
      }

  if (g_hash_table_size (dropped) == 0)
    return TRUE;

  if (!save (self, error))
    {
      g_hash_table_iter_init (&iter, dropped);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_insert (self->marks, key, value);
        }
      return FALSE;
    }

  g_signal_emit (self, signals[CHANGED], 0, package_id);
  return TRUE;
}
