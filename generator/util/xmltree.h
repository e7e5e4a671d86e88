/* xmltree.h - the few ways psreport reads and writes a libxml2 tree, written once.
 *
 * Every tree psreport walks (a record of an export, the program definition, the message
 * catalogues, the report model and its charts) is read through these: an element by
 * name, an attribute without namespace, its value borrowed or copied. Attributes are
 * matched by name without a namespace, like xmlGetNoNsProp. Allocation follows
 * util/alloc.h: a copy is never NULL for lack of memory, and a libxml2 call that fails
 * only for lack of memory ends the run.
 */
#ifndef PSREPORT_XMLTREE_H
#define PSREPORT_XMLTREE_H

#include "alloc.h"

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <string.h>

/* 1 when n is an element called name. The first-byte test spares most strcmp calls. */
static inline int xt_is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name[0] == (xmlChar)name[0] &&
           strcmp((const char *)n->name, name) == 0;
}

/* The first child element of n called name, or NULL. */
static inline xmlNodePtr xt_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (xt_is(c, name))
            return c;
    return NULL;
}

/* How many child elements of n are called name. */
static inline int xt_count(xmlNodePtr n, const char *name)
{
    int k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        k += xt_is(c, name);
    return k;
}

/* The attribute name (without namespace) of n, or NULL. */
static inline xmlAttrPtr xt_attr(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next)
        if (!a->ns && a->name[0] == (xmlChar)name[0] && strcmp((const char *)a->name, name) == 0)
            return a;
    return NULL;
}

/* The value of a, borrowed from the tree: "" for an empty one; NULL when the value is
 * not one text node (only entity references make it so; xt_prop copies those too). */
static inline const char *xt_value(xmlAttrPtr a)
{
    xmlNodePtr t = a->children;
    if (!t)
        return "";
    if (t->type == XML_TEXT_NODE && !t->next)
        return t->content ? (const char *)t->content : "";
    return NULL;
}

/* The value of attribute name of n, borrowed (see xt_value); NULL when absent. */
static inline const char *xt_at(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a = xt_attr(n, name);
    return a ? xt_value(a) : NULL;
}

/* A copy of the value of attribute name of n, whatever its form (caller frees with
 * free); NULL when absent. */
static inline char *xt_prop(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a = xt_attr(n, name);
    if (!a)
        return NULL;
    const char *v = xt_value(a);
    if (v)
        return xstrdup(v);
    xmlChar *s = xmlNodeListGetString(n->doc, a->children, 1);
    char *copy = xstrdup(s ? (const char *)s : "");
    xmlFree(s);
    return copy;
}

/* The text content of the element n (caller frees with xmlFree). Never NULL. */
static inline xmlChar *xt_content(xmlNodePtr n)
{
    xmlChar *s = xmlNodeGetContent(n); /* NULL for an element only without memory */
    if (!s)
        alloc_fail();
    return s;
}

/* Sets attribute name of n to value; nothing when value is NULL. */
static inline void xt_set(xmlNodePtr n, const char *name, const char *value)
{
    if (value && !xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)value))
        alloc_fail();
}

/* Ends the run when a libxml2 error says it ran out of memory: such an error is never
 * about the document (for structured error handlers and xmlGetLastError). But
 * libxml2 2.9 reports its own limit on a text node (10 MB without XML_PARSE_HUGE) with
 * the same code, as "Memory allocation failed : ...: huge text node": that one is the
 * input's, and the file is read as cut there. */
static inline void xt_check_memory(const xmlError *e)
{
    if (e && e->code == XML_ERR_NO_MEMORY && !(e->message && strstr(e->message, "huge text node")))
        alloc_fail();
}

#endif
