/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rd-demo-thread.c: the demo service on a thread of its own, with its own main context.
 *
 * In the window's thread the service built each answer on the window's main loop, ahead of
 * its redraws (socket I/O is dispatched at a higher priority than GTK's): the queue's first
 * page alone parses every sample package with json-glib. The service object lives and dies
 * in this thread; the window's thread only reads the URL, set before
 * rd_demo_thread_start() returns. */
#include "config.h"

#include "rd-demo-service.h"

struct _RdDemoThread
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *url;

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GError       *error;
};

static gpointer
run_service (gpointer data)
{
  RdDemoThread *self = data;
  g_autoptr(RdDemoService) service = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  service = rd_demo_service_new ();

  g_mutex_lock (&self->lock);
  if (rd_demo_service_start (service, &error))
    self->url = g_strdup (rd_demo_service_get_url (service));
  else
    self->error = g_steal_pointer (&error);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->url != NULL)
    {
      g_main_loop_run (self->loop);
      rd_demo_service_stop (service);
    }

  g_clear_object (&service);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static void
demo_thread_free (RdDemoThread *self)
{
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->url);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

RdDemoThread *
rd_demo_thread_start (GError **error)
{
  RdDemoThread *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (RdDemoThread, 1);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("rd-demo-service", run_service, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      g_thread_join (self->thread);
      demo_thread_free (self);
      return NULL;
    }

  return self;
}

const char *
rd_demo_thread_get_url (RdDemoThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

void
rd_demo_thread_stop (RdDemoThread *self)
{
  g_return_if_fail (self != NULL);

  /* From the service's own context, so that the loop is running when it is asked to quit. */
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);
  demo_thread_free (self);
}
