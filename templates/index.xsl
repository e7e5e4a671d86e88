<?xml version="1.0" encoding="UTF-8"?>
<!-- index.xsl: output/index.html, linking every report of the run with its counts.
     Input: <index as-of program-name lang><report kind href pdf title id name region
     errors warnings vouchers open-days partners/>...<findings href format/>...<labels/></index>
     (one <findings> per findings file the run wrote). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ps="urn:psreport" exclude-result-prefixes="ps">
  <!-- ps:date(ISO): the date as the reader reads it (see report.xsl) -->
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>
  <xsl:param name="css"/>
  <xsl:param name="js"/>
  <xsl:key name="label" match="/index/labels/label" use="@key"/>
  <xsl:template name="t">
    <xsl:param name="k"/>
    <xsl:variable name="v" select="key('label', $k)"/>
    <xsl:choose><xsl:when test="$v"><xsl:value-of select="$v"/></xsl:when><xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise></xsl:choose>
  </xsl:template>
  <xsl:template match="/index">
    <html lang="{@lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:call-template name="t"><xsl:with-param name="k" select="'report-index'"/></xsl:call-template> (<xsl:value-of select="ps:date(@as-of)"/>)</title>
        <style><xsl:value-of select="$css" disable-output-escaping="yes"/></style>
      </head>
      <body class="index" data-filter-all="{key('label', 'filter-all')}" data-filter-text="{key('label', 'filter-text')}" data-filter-text-aria="{key('label', 'filter-text-aria')}">
        <header class="masthead">
          <p class="programme"><xsl:value-of select="@program-name"/></p>
          <h1><xsl:call-template name="t"><xsl:with-param name="k" select="'report-index'"/></xsl:call-template></h1>
          <p class="meta"><span><xsl:call-template name="t"><xsl:with-param name="k" select="'as-of'"/></xsl:call-template>
            <xsl:text> </xsl:text><strong><xsl:value-of select="ps:date(@as-of)"/></strong></span></p>
        </header>
        <main>
          <xsl:if test="findings">
            <section id="findings-files">
              <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'findings-files'"/></xsl:call-template></h2>
              <ul class="files">
                <xsl:for-each select="findings">
                  <li><a href="{@href}"><xsl:value-of select="@href"/></a><xsl:text> </xsl:text><span class="sub"><xsl:value-of select="@format"/></span></li>
                </xsl:for-each>
              </ul>
            </section>
          </xsl:if>
          <section>
            <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'reports'"/></xsl:call-template>
              <small><xsl:value-of select="count(report)"/></small></h2>
            <div class="scroll"><table class="data sortable filterable" data-filters="kind,region" data-name-kind="{key('label', 'kind')}" data-name-region="{key('label', 'region')}">
              <thead><tr>
                <th><xsl:call-template name="t"><xsl:with-param name="k" select="'report'"/></xsl:call-template></th>
                <th><xsl:call-template name="t"><xsl:with-param name="k" select="'kind'"/></xsl:call-template></th>
                <th><xsl:call-template name="t"><xsl:with-param name="k" select="'region'"/></xsl:call-template></th>
                <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers'"/></xsl:call-template></th>
                <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'open-days'"/></xsl:call-template></th>
                <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'errors'"/></xsl:call-template></th>
                <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'warnings'"/></xsl:call-template></th>
                <th><xsl:call-template name="t"><xsl:with-param name="k" select="'pdf'"/></xsl:call-template></th>
              </tr></thead>
              <tbody>
                <xsl:for-each select="report">
                  <tr data-kind="{key('label', concat('kind-', @kind))}" data-region="{@region}{@id[current()/@kind = 'region']}">
                    <td><xsl:choose>
                      <xsl:when test="@href"><a href="{@href}"><xsl:value-of select="@title"/></a></xsl:when>
                      <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise></xsl:choose></td>
                    <td><xsl:call-template name="t"><xsl:with-param name="k" select="concat('kind-', @kind)"/></xsl:call-template></td>
                    <td><xsl:value-of select="@region"/><xsl:if test="@kind = 'region'"><xsl:value-of select="@id"/></xsl:if></td>
                    <td class="num"><xsl:value-of select="@vouchers"/></td>
                    <td class="num"><xsl:value-of select="@open-days"/></td>
                    <td class="num"><xsl:if test="@errors != 0"><xsl:attribute name="class">num sev-error</xsl:attribute></xsl:if><xsl:value-of select="@errors"/></td>
                    <td class="num"><xsl:if test="@warnings != 0"><xsl:attribute name="class">num sev-warning</xsl:attribute></xsl:if><xsl:value-of select="@warnings"/></td>
                    <td><xsl:if test="@pdf"><a href="{@pdf}"><xsl:call-template name="t"><xsl:with-param name="k" select="'pdf'"/></xsl:call-template></a></xsl:if></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table></div>
          </section>
        </main>
        <script><xsl:value-of select="$js" disable-output-escaping="yes"/></script>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
