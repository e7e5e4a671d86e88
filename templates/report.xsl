<?xml version="1.0" encoding="UTF-8"?>
<!-- report.xsl: the HTML page of one report model (docs/report-model.md), any scope.
     One self-contained file: the CSS and JS of templates/ arrive as the string
     parameters css and js. Every visible word comes from /report/labels. Model text is
     always output escaped; only css and js are copied raw. Edit freely: psreport
     compiles this file at start, no rebuild needed. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:svg="http://www.w3.org/2000/svg" xmlns:ps="urn:psreport"
                exclude-result-prefixes="svg ps">
  <!-- ps:date(ISO) is the date as the reader reads it ("15 giugno 2021"), written by
       psreport's one date function (generator/render_html.c, util/date.c) with the month
       names of the labels; the ISO date stays in data-sort for sorting. -->
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>
  <xsl:param name="css"/>
  <xsl:param name="js"/>
  <xsl:key name="label" match="/report/labels/label" use="@key"/>

  <xsl:variable name="scope" select="/report/@scope"/>
  <!-- a manager's page opens with the summary, a partner's with its key figures -->
  <xsl:variable name="summary-key">
    <xsl:choose>
      <xsl:when test="$scope = 'partner'">key-figures</xsl:when>
      <xsl:otherwise>executive-summary</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- a label by key, the key itself when the catalogue lacks it -->
  <xsl:template name="t">
    <xsl:param name="k"/>
    <xsl:variable name="v" select="key('label', $k)"/>
    <xsl:choose>
      <xsl:when test="$v"><xsl:value-of select="$v"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/report">
    <html lang="{@lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="{@generated-by}"/>
        <title><xsl:value-of select="subject/@title"/> (<xsl:value-of select="ps:date(program/@as-of)"/>)</title>
        <style><xsl:value-of select="$css" disable-output-escaping="yes"/></style>
      </head>
      <body class="scope-{$scope}" data-filter-all="{key('label', 'filter-all')}" data-filter-text="{key('label', 'filter-text')}" data-filter-text-aria="{key('label', 'filter-text-aria')}">
        <header class="masthead">
          <p class="programme"><xsl:value-of select="program/@name"/></p>
          <h1><xsl:value-of select="subject/@title"/></h1>
          <p class="meta">
            <span><xsl:call-template name="t"><xsl:with-param name="k" select="'as-of'"/></xsl:call-template>
              <xsl:text> </xsl:text><strong><xsl:value-of select="ps:date(program/@as-of)"/></strong></span>
            <span><xsl:call-template name="t"><xsl:with-param name="k" select="'generated-by'"/></xsl:call-template>
              <xsl:text> </xsl:text><xsl:value-of select="@generated-by"/></span>
          </p>
          <nav class="toc" aria-label="contents">
            <xsl:if test="actions"><a href="#next-actions"><xsl:call-template name="t"><xsl:with-param name="k" select="'next-actions'"/></xsl:call-template></a></xsl:if>
            <a href="#key-figures"><xsl:call-template name="t"><xsl:with-param name="k" select="$summary-key"/></xsl:call-template></a>
            <xsl:if test="$scope = 'partner'"><a href="#eligibility"><xsl:call-template name="t"><xsl:with-param name="k" select="'eligibility'"/></xsl:call-template></a></xsl:if>
            <a href="#charts"><xsl:call-template name="t"><xsl:with-param name="k" select="'charts'"/></xsl:call-template></a>
            <xsl:if test="regions"><a href="#regions"><xsl:call-template name="t"><xsl:with-param name="k" select="'regions'"/></xsl:call-template></a></xsl:if>
            <xsl:if test="$scope != 'partner'"><a href="#partners"><xsl:call-template name="t"><xsl:with-param name="k" select="'partners-ranked'"/></xsl:call-template></a></xsl:if>
            <a href="#findings"><xsl:call-template name="t"><xsl:with-param name="k" select="'findings'"/></xsl:call-template></a>
            <xsl:if test="waived/finding"><a href="#waived"><xsl:call-template name="t"><xsl:with-param name="k" select="'waived'"/></xsl:call-template></a></xsl:if>
            <xsl:if test="resolved"><a href="#resolved"><xsl:call-template name="t"><xsl:with-param name="k" select="'resolved-since'"/></xsl:call-template></a></xsl:if>
            <a href="#vouchers"><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers'"/></xsl:call-template></a>
            <xsl:if test="inputs"><a href="#inputs"><xsl:call-template name="t"><xsl:with-param name="k" select="'inputs'"/></xsl:call-template></a></xsl:if>
            <a href="#rules"><xsl:call-template name="t"><xsl:with-param name="k" select="'rules-appendix'"/></xsl:call-template></a>
            <a href="#details"><xsl:call-template name="t"><xsl:with-param name="k" select="'report-details'"/></xsl:call-template></a>
          </nav>
        </header>
        <main>
          <xsl:apply-templates select="actions"/>
          <xsl:apply-templates select="summary"/>
          <xsl:if test="$scope = 'partner'"><xsl:apply-templates select="partners/partner" mode="eligibility"/></xsl:if>
          <xsl:apply-templates select="charts"/>
          <xsl:apply-templates select="regions"/>
          <xsl:if test="$scope != 'partner'"><xsl:apply-templates select="partners"/></xsl:if>
          <xsl:apply-templates select="findings"/>
          <xsl:apply-templates select="waived"/>
          <xsl:apply-templates select="resolved"/>
          <xsl:apply-templates select="vouchers"/>
          <xsl:apply-templates select="inputs"/>
          <xsl:apply-templates select="rules"/>
          <xsl:apply-templates select="details"/>
        </main>
        <footer>
          <p><xsl:value-of select="program/@name"/> · <xsl:value-of select="subject/@title"/> ·
            <xsl:call-template name="t"><xsl:with-param name="k" select="'as-of'"/></xsl:call-template>
            <xsl:text> </xsl:text><xsl:value-of select="ps:date(program/@as-of)"/></p>
        </footer>
        <script><xsl:value-of select="$js" disable-output-escaping="yes"/></script>
      </body>
    </html>
  </xsl:template>

  <!-- key figures; programme and region: the manager's summary, every figure with its unit
       in its label, where the risk is and what falls due; closed vouchers counted -->
  <xsl:template match="summary">
    <section id="key-figures">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="$summary-key"/></xsl:call-template></h2>
      <div class="cards">
        <xsl:call-template name="card"><xsl:with-param name="k" select="'open-vouchers'"/><xsl:with-param name="v" select="@open-vouchers"/></xsl:call-template>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'open-days'"/><xsl:with-param name="v" select="@open-days"/></xsl:call-template>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'errors'"/><xsl:with-param name="v" select="@errors"/><xsl:with-param name="c" select="'error'"/><xsl:with-param name="d" select="@errors-change"/></xsl:call-template>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'warnings'"/><xsl:with-param name="v" select="@warnings"/><xsl:with-param name="c" select="'warning'"/><xsl:with-param name="d" select="@warnings-change"/></xsl:call-template>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'rejected-records'"/><xsl:with-param name="v" select="@rejected"/><xsl:with-param name="c" select="'error'"/></xsl:call-template>
        <xsl:if test="$scope != 'partner'"><xsl:call-template name="card"><xsl:with-param name="k" select="'partners'"/><xsl:with-param name="v" select="@partners"/></xsl:call-template></xsl:if>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'customers'"/><xsl:with-param name="v" select="@customers"/></xsl:call-template>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'vouchers'"/><xsl:with-param name="v" select="@vouchers"/></xsl:call-template>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'closed-vouchers'"/><xsl:with-param name="v" select="@closed-vouchers"/></xsl:call-template>
        <xsl:call-template name="card"><xsl:with-param name="k" select="'due-30'"/><xsl:with-param name="v" select="@due30-days"/><xsl:with-param name="c" select="'red'"/></xsl:call-template>
      </div>
      <xsl:if test="$scope != 'partner'">
        <h3><xsl:call-template name="t"><xsl:with-param name="k" select="'where-the-risk-is'"/></xsl:call-template></h3>
        <xsl:if test="$scope = 'program'"><xsl:call-template name="tops"><xsl:with-param name="kind" select="'region'"/></xsl:call-template></xsl:if>
        <xsl:call-template name="tops"><xsl:with-param name="kind" select="'partner'"/></xsl:call-template>
      </xsl:if>
      <div class="columns">
        <div>
          <h3><xsl:call-template name="t"><xsl:with-param name="k" select="'falls-due'"/></xsl:call-template></h3>
          <div class="scroll"><table class="data compact">
            <thead><tr>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'due-within'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'planning-days'"/></xsl:call-template></th>
            </tr></thead>
            <tbody>
              <tr><td><xsl:call-template name="t"><xsl:with-param name="k" select="'within-30'"/></xsl:call-template></td><td class="num"><xsl:value-of select="@due30-vouchers"/></td><td class="num"><xsl:value-of select="@due30-days"/></td></tr>
              <tr><td><xsl:call-template name="t"><xsl:with-param name="k" select="'within-60'"/></xsl:call-template></td><td class="num"><xsl:value-of select="@due60-vouchers"/></td><td class="num"><xsl:value-of select="@due60-days"/></td></tr>
              <tr><td><xsl:call-template name="t"><xsl:with-param name="k" select="'within-90'"/></xsl:call-template></td><td class="num"><xsl:value-of select="@due90-vouchers"/></td><td class="num"><xsl:value-of select="@due90-days"/></td></tr>
            </tbody>
          </table></div>
        </div>
        <div>
          <h3><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers-by-status'"/></xsl:call-template></h3>
          <div class="scroll"><table class="data compact">
            <thead><tr>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'status'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'planning-days'"/></xsl:call-template></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="status">
                <tr><td><span class="status status-{@id}"><xsl:value-of select="@label"/></span></td>
                  <td class="num"><xsl:value-of select="@count"/></td><td class="num"><xsl:value-of select="@days"/></td></tr>
              </xsl:for-each>
            </tbody>
          </table></div>
        </div>
      </div>
    </section>
  </xsl:template>

  <!-- where the risk is: the regions or partners with the most errors and the most
       planning days due within 30 days, side by side by rank -->
  <xsl:template name="tops">
    <xsl:param name="kind"/>
    <xsl:variable name="e" select="top[@kind = $kind and @by = 'errors']"/>
    <xsl:variable name="d" select="top[@kind = $kind and @by = 'days-at-risk']"/>
    <div class="scroll"><table class="data compact tops">
      <caption><xsl:call-template name="t"><xsl:with-param name="k" select="concat($kind, 's')"/></xsl:call-template></caption>
      <thead><tr>
        <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'rank'"/></xsl:call-template></th>
        <th><xsl:call-template name="t"><xsl:with-param name="k" select="'most-errors'"/></xsl:call-template></th>
        <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'errors'"/></xsl:call-template></th>
        <th><xsl:call-template name="t"><xsl:with-param name="k" select="'most-days-at-risk'"/></xsl:call-template></th>
        <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'planning-days'"/></xsl:call-template></th>
      </tr></thead>
      <tbody>
        <xsl:for-each select="(/report/summary/top[@kind = $kind])[not(@rank = preceding-sibling::top[@kind = $kind]/@rank)]">
          <xsl:variable name="rank" select="@rank"/>
          <tr><td class="num"><xsl:value-of select="$rank"/></td>
            <td><xsl:apply-templates select="$e[@rank = $rank]" mode="top-name"/></td>
            <td class="num sev-error"><xsl:value-of select="$e[@rank = $rank]/@value"/></td>
            <td><xsl:apply-templates select="$d[@rank = $rank]" mode="top-name"/></td>
            <td class="num sev-error"><xsl:value-of select="$d[@rank = $rank]/@value"/></td></tr>
        </xsl:for-each>
        <xsl:if test="not($e|$d)"><tr><td colspan="5" class="empty"><xsl:call-template name="t"><xsl:with-param name="k" select="'none'"/></xsl:call-template></td></tr></xsl:if>
      </tbody>
    </table></div>
  </xsl:template>
  <xsl:template match="top" mode="top-name">
    <xsl:value-of select="@id"/><xsl:if test="@name != @id"><span class="sub"><xsl:value-of select="@name"/></span></xsl:if>
  </xsl:template>

  <xsl:template name="card">
    <xsl:param name="k"/><xsl:param name="v"/><xsl:param name="c" select="''"/><xsl:param name="d" select="''"/>
    <div class="card {$c}">
      <span class="value"><xsl:value-of select="$v"/></span>
      <span class="label"><xsl:call-template name="t"><xsl:with-param name="k" select="$k"/></xsl:call-template></span>
      <!-- with a baseline: "+3 since 2021-05-31" -->
      <xsl:if test="string($d) != ''"><span class="change"><xsl:if test="$d &gt;= 0">+</xsl:if><xsl:value-of select="$d"/><xsl:text> </xsl:text><xsl:call-template name="t"><xsl:with-param name="k" select="'since'"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="ps:date(/report/summary/@baseline-as-of)"/></span></xsl:if>
    </div>
  </xsl:template>

  <!-- partner scope: what to do, errors first, then what falls due soonest: by when (and
       the days left), about what, and what -->
  <xsl:template match="actions">
    <section id="next-actions">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'next-actions'"/></xsl:call-template></h2>
      <xsl:choose>
        <xsl:when test="action">
          <ol class="actions">
            <xsl:for-each select="action">
              <li class="action-{@kind}">
                <xsl:choose>
                  <xsl:when test="@date">
                    <span class="when tier-{substring('red',1,3*(@days-remaining &lt;= 30))}{substring('amber',1,5*(@days-remaining &gt; 30 and @days-remaining &lt;= 90))}{substring('green',1,5*(@days-remaining &gt; 90))}">
                      <xsl:call-template name="t"><xsl:with-param name="k" select="'act-by'"/></xsl:call-template>
                      <xsl:text> </xsl:text><xsl:value-of select="ps:date(@date)"/> · <xsl:value-of select="@days-remaining"/>
                      <xsl:text> </xsl:text><xsl:call-template name="t"><xsl:with-param name="k" select="'n-days-left'"/></xsl:call-template>
                    </span>
                  </xsl:when>
                  <xsl:otherwise>
                    <span class="when undated"><xsl:call-template name="t"><xsl:with-param name="k">
                      <xsl:choose>
                        <xsl:when test="@kind = 'record'">for-the-record</xsl:when>
                        <xsl:when test="@kind = 'notice'">for-information</xsl:when>
                        <xsl:otherwise>no-date</xsl:otherwise>
                      </xsl:choose>
                    </xsl:with-param></xsl:call-template></span>
                  </xsl:otherwise>
                </xsl:choose>
                <xsl:if test="@subject"><strong class="subject"><xsl:value-of select="@subject"/></strong><xsl:text> </xsl:text></xsl:if>
                <xsl:if test="@title"><span class="badge sev-{@severity}"><xsl:value-of select="@severity-label"/></span><xsl:text> </xsl:text><em><xsl:value-of select="@title"/></em>: </xsl:if>
                <span class="what"><xsl:value-of select="."/></span>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:call-template name="t"><xsl:with-param name="k" select="'no-actions'"/></xsl:call-template></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- partner scope: eligibility -->
  <xsl:template match="partner" mode="eligibility">
    <section id="eligibility">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'eligibility'"/></xsl:call-template></h2>
      <dl class="facts">
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'partner'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="@name"/> (<xsl:value-of select="@id"/>) · <xsl:value-of select="@region"/>
          <xsl:if test="@country"> · <xsl:value-of select="@country"/></xsl:if></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'agreement'"/></xsl:call-template></dt>
        <dd><xsl:choose>
          <xsl:when test="agreement"><span class="ok">✓</span><xsl:text> </xsl:text><xsl:call-template name="t"><xsl:with-param name="k" select="'signed'"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="ps:date(agreement/@signed)"/></xsl:when>
          <xsl:otherwise><span class="bad">✗ <xsl:call-template name="t"><xsl:with-param name="k" select="'no-agreement'"/></xsl:call-template></span></xsl:otherwise>
        </xsl:choose></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'profile'"/></xsl:call-template></dt>
        <dd><xsl:choose>
          <xsl:when test="profile"><span class="ok">✓</span><xsl:text> </xsl:text><xsl:call-template name="t"><xsl:with-param name="k" select="'updated'"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="ps:date(profile/@updated)"/></xsl:when>
          <xsl:otherwise><span class="warn">✗ <xsl:call-template name="t"><xsl:with-param name="k" select="'no-profile'"/></xsl:call-template></span></xsl:otherwise>
        </xsl:choose></dd>
      </dl>
      <div class="columns">
        <div>
          <h3><xsl:call-template name="t"><xsl:with-param name="k" select="'enrollments'"/></xsl:call-template></h3>
          <div class="scroll"><table class="data compact">
            <thead><tr>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'offering'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'date'"/></xsl:call-template></th>
            </tr></thead>
            <tbody><xsl:for-each select="enrollment">
              <tr><td><abbr title="{@offering-name}"><xsl:value-of select="@offering"/></abbr><xsl:if test="@offering-name"><span class="sub"><xsl:value-of select="@offering-name"/></span></xsl:if></td>
                <td class="date" data-sort="{@date}"><xsl:value-of select="ps:date(@date)"/></td></tr>
            </xsl:for-each></tbody>
          </table></div>
        </div>
        <div>
          <h3><xsl:call-template name="t"><xsl:with-param name="k" select="'competencies'"/></xsl:call-template></h3>
          <div class="scroll"><table class="data compact">
            <thead><tr>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'name'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'level'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'earned'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'expires'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'valid'"/></xsl:call-template></th>
            </tr></thead>
            <tbody><xsl:for-each select="competency">
              <tr><td><xsl:value-of select="@name"/></td><td><xsl:value-of select="@level"/></td>
                <td class="date" data-sort="{@earned}"><xsl:value-of select="ps:date(@earned)"/></td>
                <td class="date" data-sort="{@expires}"><xsl:choose><xsl:when test="@expires"><xsl:value-of select="ps:date(@expires)"/></xsl:when><xsl:otherwise>–</xsl:otherwise></xsl:choose></td>
                <td><xsl:choose>
                  <xsl:when test="@valid = 'true'"><span class="ok">✓ <xsl:call-template name="t"><xsl:with-param name="k" select="'yes'"/></xsl:call-template></span></xsl:when>
                  <xsl:otherwise><span class="bad">✗ <xsl:call-template name="t"><xsl:with-param name="k" select="'no'"/></xsl:call-template></span></xsl:otherwise>
                </xsl:choose></td></tr>
            </xsl:for-each></tbody>
          </table></div>
        </div>
      </div>
      <h3><xsl:call-template name="t"><xsl:with-param name="k" select="'consultants'"/></xsl:call-template></h3>
      <div class="scroll"><table class="data compact">
        <thead><tr>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'consultant'"/></xsl:call-template></th>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'name'"/></xsl:call-template></th>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'exams'"/></xsl:call-template></th>
        </tr></thead>
        <tbody><xsl:for-each select="consultant">
          <tr><td><xsl:value-of select="@id"/></td><td><xsl:value-of select="@name"/></td>
            <td><xsl:for-each select="exam"><span class="tag"><xsl:value-of select="@id"/><xsl:text> </xsl:text><small><xsl:value-of select="ps:date(@passed)"/></small></span><xsl:text> </xsl:text></xsl:for-each></td></tr>
        </xsl:for-each></tbody>
      </table></div>
    </section>
  </xsl:template>

  <!-- charts: cairo's SVG, caption, and the numbers -->
  <xsl:template match="charts">
    <section id="charts">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'charts'"/></xsl:call-template></h2>
      <div class="chart-grid">
        <xsl:for-each select="chart">
          <figure class="chart chart-{@kind}" id="chart-{@id}">
            <h3><xsl:value-of select="@title"/></h3>
            <div class="plot" role="img" aria-label="{@alt}"><xsl:comment>svg:<xsl:value-of select="@svg-slot"/></xsl:comment></div>
            <figcaption><xsl:value-of select="@caption"/></figcaption>
            <details>
              <summary><xsl:call-template name="t"><xsl:with-param name="k" select="'chart-data'"/></xsl:call-template></summary>
              <div class="scroll"><table class="data compact">
                <thead><tr><xsl:for-each select="col"><th><xsl:value-of select="@label"/></th></xsl:for-each></tr></thead>
                <tbody><xsl:for-each select="row"><tr><xsl:for-each select="v"><td><xsl:value-of select="."/></td></xsl:for-each></tr></xsl:for-each></tbody>
              </table></div>
            </details>
          </figure>
        </xsl:for-each>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="regions">
    <section id="regions">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'regions'"/></xsl:call-template></h2>
      <div class="scroll"><table class="data sortable">
        <thead><tr>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'region'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'partners'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'errors'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'warnings'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'open-days'"/></xsl:call-template></th>
        </tr></thead>
        <tbody><xsl:for-each select="region">
          <tr><td><a href="{@report}"><xsl:value-of select="@id"/></a></td>
            <td class="num"><xsl:value-of select="@partners"/></td><td class="num"><xsl:value-of select="@vouchers"/></td>
            <td class="num"><xsl:value-of select="@errors"/></td><td class="num"><xsl:value-of select="@warnings"/></td>
            <td class="num"><xsl:value-of select="@open-days"/></td></tr>
        </xsl:for-each></tbody>
      </table></div>
    </section>
  </xsl:template>

  <xsl:template match="partners">
    <section id="partners">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'partners-ranked'"/></xsl:call-template></h2>
      <div class="scroll"><table class="data sortable filterable" data-filters="region" data-name-region="{key('label', 'region')}">
        <thead><tr>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'rank'"/></xsl:call-template></th>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'partner'"/></xsl:call-template></th>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'name'"/></xsl:call-template></th>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'region'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'errors'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'warnings'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'open-days'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'due30-days'"/></xsl:call-template></th>
        </tr></thead>
        <tbody><xsl:for-each select="partner">
          <tr data-region="{@region}">
            <td class="num"><xsl:value-of select="@rank"/></td>
            <td><xsl:choose><xsl:when test="@report"><a href="{@report}"><xsl:value-of select="@id"/></a></xsl:when><xsl:otherwise><xsl:value-of select="@id"/></xsl:otherwise></xsl:choose></td>
            <td><xsl:value-of select="@name"/></td><td><xsl:value-of select="@region"/></td>
            <td class="num"><xsl:if test="@errors != 0"><xsl:attribute name="class">num sev-error</xsl:attribute></xsl:if><xsl:value-of select="@errors"/></td>
            <td class="num"><xsl:if test="@warnings != 0"><xsl:attribute name="class">num sev-warning</xsl:attribute></xsl:if><xsl:value-of select="@warnings"/></td>
            <td class="num"><xsl:value-of select="@vouchers"/></td><td class="num"><xsl:value-of select="@open-days"/></td>
            <td class="num"><xsl:value-of select="@due30-days"/></td>
          </tr>
        </xsl:for-each></tbody>
      </table></div>
      <xsl:call-template name="more"/>
    </section>
  </xsl:template>

  <xsl:template match="findings">
    <section id="findings">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'findings'"/></xsl:call-template>
        <small><xsl:value-of select="@total"/></small></h2>
      <xsl:choose>
        <xsl:when test="finding">
          <div class="scroll"><table class="data sortable filterable findings" data-filters="severity,rule,region" data-name-severity="{key('label', 'severity')}" data-name-rule="{key('label', 'rule')}" data-name-region="{key('label', 'region')}">
            <thead><tr>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'severity'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'rule'"/></xsl:call-template></th>
              <xsl:if test="$scope != 'partner'"><th><xsl:call-template name="t"><xsl:with-param name="k" select="'partner'"/></xsl:call-template></th></xsl:if>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'voucher'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'date'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'message'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'remedy'"/></xsl:call-template></th>
            </tr></thead>
            <tbody><xsl:for-each select="finding">
              <tr data-severity="{@severity-label}" data-rule="{@title}" data-region="{key('partner-region', @partner)/@region}">
                <td><span class="badge sev-{@severity}"><xsl:value-of select="@severity-label"/></span><xsl:if test="@change = 'new'"><xsl:text> </xsl:text><span class="badge new"><xsl:call-template name="t"><xsl:with-param name="k" select="'new'"/></xsl:call-template></span></xsl:if></td>
                <td><xsl:value-of select="@title"/><span class="sub"><xsl:value-of select="@rule"/></span></td>
                <xsl:if test="$scope != 'partner'"><td><xsl:value-of select="@partner"/></td></xsl:if>
                <td><xsl:value-of select="@voucher"/><xsl:if test="not(@voucher)"><xsl:value-of select="@customer"/></xsl:if></td>
                <td class="date" data-sort="{@date}"><xsl:value-of select="ps:date(@date)"/></td>
                <td><xsl:value-of select="message"/>
                  <xsl:if test="@file"><span class="sub"><xsl:value-of select="@file"/>:<xsl:value-of select="@line"/></span></xsl:if></td>
                <td><xsl:value-of select="remedy"/><span class="sub"><xsl:value-of select="@step-label"/></span></td>
              </tr>
            </xsl:for-each></tbody>
          </table></div>
          <xsl:call-template name="more"/>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:call-template name="t"><xsl:with-param name="k" select="'no-findings'"/></xsl:call-template></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
  <xsl:key name="partner-region" match="/report/partners/partner" use="@id"/>

  <!-- waived findings: shown, never hidden, with the waiver; not counted anywhere above -->
  <xsl:template match="waived">
    <xsl:if test="finding">
      <section id="waived">
        <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'waived'"/></xsl:call-template>
          <small><xsl:value-of select="@total"/></small></h2>
        <p><xsl:call-template name="t"><xsl:with-param name="k" select="'waived-intro'"/></xsl:call-template></p>
        <div class="scroll"><table class="data sortable waived">
          <thead><tr>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'rule'"/></xsl:call-template></th>
            <xsl:if test="$scope != 'partner'"><th><xsl:call-template name="t"><xsl:with-param name="k" select="'partner'"/></xsl:call-template></th></xsl:if>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'voucher'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'message'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'waiver'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'reason'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'approved-by'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'waiver-expires'"/></xsl:call-template></th>
          </tr></thead>
          <tbody><xsl:for-each select="finding">
            <tr>
              <td><span class="badge sev-{@severity}"><xsl:value-of select="@severity-label"/></span><xsl:text> </xsl:text><xsl:value-of select="@title"/><span class="sub"><xsl:value-of select="@rule"/></span></td>
              <xsl:if test="$scope != 'partner'"><td><xsl:value-of select="@partner"/></td></xsl:if>
              <td><xsl:value-of select="@voucher"/><xsl:if test="not(@voucher)"><xsl:value-of select="@customer"/></xsl:if></td>
              <td><xsl:value-of select="message"/></td>
              <td><xsl:value-of select="@waiver"/></td>
              <td><xsl:value-of select="waiver-reason"/></td>
              <td><xsl:value-of select="@waiver-approved-by"/></td>
              <td class="date" data-sort="{@waiver-expires}"><xsl:value-of select="ps:date(@waiver-expires)"/></td>
            </tr>
          </xsl:for-each></tbody>
        </table></div>
        <xsl:call-template name="more"/>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- with a baseline: what was fixed since the previous report -->
  <xsl:template match="resolved">
    <section id="resolved">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'resolved-since'"/></xsl:call-template>
        <xsl:text> </xsl:text><xsl:value-of select="ps:date(@since)"/> <small><xsl:value-of select="@total"/></small></h2>
      <xsl:choose>
        <xsl:when test="finding">
          <p><xsl:call-template name="t"><xsl:with-param name="k" select="'resolved-intro'"/></xsl:call-template></p>
          <div class="scroll"><table class="data sortable resolved">
            <thead><tr>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'rule'"/></xsl:call-template></th>
              <xsl:if test="$scope != 'partner'"><th><xsl:call-template name="t"><xsl:with-param name="k" select="'partner'"/></xsl:call-template></th></xsl:if>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'voucher'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'date'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'message'"/></xsl:call-template></th>
            </tr></thead>
            <tbody><xsl:for-each select="finding">
              <tr>
                <td><span class="badge sev-{@severity}"><xsl:value-of select="@severity-label"/></span><xsl:text> </xsl:text><xsl:value-of select="@title"/><span class="sub"><xsl:value-of select="@rule"/></span></td>
                <xsl:if test="$scope != 'partner'"><td><xsl:value-of select="@partner"/></td></xsl:if>
                <td><xsl:value-of select="@voucher"/><xsl:if test="not(@voucher)"><xsl:value-of select="@customer"/></xsl:if></td>
                <td class="date" data-sort="{@date}"><xsl:value-of select="ps:date(@date)"/></td>
                <td><xsl:value-of select="message"/></td>
              </tr>
            </xsl:for-each></tbody>
          </table></div>
          <xsl:call-template name="more"/>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:call-template name="t"><xsl:with-param name="k" select="'no-resolved'"/></xsl:call-template></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="vouchers">
    <section id="vouchers">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'vouchers'"/></xsl:call-template>
        <small><xsl:value-of select="@total"/></small></h2>
      <xsl:choose>
        <xsl:when test="voucher">
          <div class="scroll"><table class="data sortable filterable" data-filters="status,region" data-name-status="{key('label', 'status')}" data-name-region="{key('label', 'region')}" data-open-only="{key('label', 'open-vouchers-only')}">
            <thead><tr>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'voucher'"/></xsl:call-template></th>
              <xsl:if test="$scope != 'partner'"><th><xsl:call-template name="t"><xsl:with-param name="k" select="'partner'"/></xsl:call-template></th></xsl:if>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'customer'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'engagement'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'days'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'status'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'expires'"/></xsl:call-template></th>
              <th><xsl:call-template name="t"><xsl:with-param name="k" select="'deadline'"/></xsl:call-template></th>
              <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'days-remaining'"/></xsl:call-template></th>
            </tr></thead>
            <tbody><xsl:for-each select="voucher">
              <tr data-status="{@status-label}" data-region="{@region}" data-open="{boolean(@deadline-kind)}">
                <td><xsl:value-of select="@id"/></td>
                <xsl:if test="$scope != 'partner'"><td><xsl:value-of select="@partner"/></td></xsl:if>
                <td><xsl:value-of select="@customer"/><span class="sub"><xsl:value-of select="@customer-name"/></span></td>
                <td><xsl:value-of select="@offering"/> · <xsl:value-of select="@engagement"/><span class="sub"><xsl:value-of select="@engagement-name"/></span></td>
                <td class="num"><xsl:value-of select="@days"/></td>
                <td><span class="status status-{@status}"><xsl:value-of select="@status-label"/></span></td>
                <td class="date" data-sort="{@expires}"><xsl:value-of select="ps:date(@expires)"/></td>
                <td class="date" data-sort="{@deadline}"><xsl:value-of select="ps:date(@deadline)"/><span class="sub"><xsl:value-of select="@deadline-label"/></span></td>
                <td class="num">
                  <xsl:if test="@tier">
                    <span class="days tier-{@tier}" title="{key('label', concat('tier-', @tier))}">
                      <xsl:value-of select="@days-remaining"/>
                    </span>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each></tbody>
          </table></div>
          <xsl:call-template name="more"/>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:call-template name="t"><xsl:with-param name="k" select="'no-vouchers'"/></xsl:call-template></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="more">
    <xsl:if test="@shown &lt; @total">
      <p class="more"><xsl:value-of select="@total - @shown"/><xsl:text> </xsl:text>
        <xsl:call-template name="t"><xsl:with-param name="k" select="'more-rows'"/></xsl:call-template></p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="inputs">
    <section id="inputs">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'inputs'"/></xsl:call-template></h2>
      <div class="scroll"><table class="data compact">
        <thead><tr>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'file'"/></xsl:call-template></th>
          <th><xsl:call-template name="t"><xsl:with-param name="k" select="'kind'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'records'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'kept'"/></xsl:call-template></th>
          <th class="num"><xsl:call-template name="t"><xsl:with-param name="k" select="'rejected'"/></xsl:call-template></th>
        </tr></thead>
        <tbody><xsl:for-each select="input">
          <tr><td><code><xsl:value-of select="@path"/></code>
              <xsl:if test="@invalid = 'true'"> <span class="badge sev-error"><xsl:call-template name="t"><xsl:with-param name="k" select="'invalid-file'"/></xsl:call-template></span></xsl:if></td>
            <td><xsl:call-template name="t"><xsl:with-param name="k" select="@kind"/></xsl:call-template></td><td class="num"><xsl:value-of select="@records"/></td>
            <td class="num"><xsl:value-of select="@kept"/></td>
            <td class="num"><xsl:if test="@rejected != 0"><xsl:attribute name="class">num sev-error</xsl:attribute></xsl:if><xsl:value-of select="@rejected"/></td></tr>
        </xsl:for-each></tbody>
      </table></div>
    </section>
  </xsl:template>

  <!-- the report details: what support files with a ticket (the model's <details>) -->
  <xsl:template match="details">
    <section id="details" class="appendix">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'report-details'"/></xsl:call-template></h2>
      <dl class="details">
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'report-id'"/></xsl:call-template></dt>
        <dd><code><xsl:value-of select="@id"/></code></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'scope'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="/report/subject/@title"/></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'as-of'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="ps:date(/report/program/@as-of)"/></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'generated'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="@generated"/></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'psreport-version'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="@version"/></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'programme-definition'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="program/@name"/> (<xsl:value-of select="program/@id"/>, <xsl:call-template name="t"><xsl:with-param name="k" select="'version'"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="program/@version"/>), <code><xsl:value-of select="program/@file"/></code><br/>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'sha256'"/></xsl:call-template><xsl:text> </xsl:text><code class="hash"><xsl:value-of select="program/@sha256"/></code></dd>
        <xsl:for-each select="input">
          <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'input-file'"/></xsl:call-template></dt>
          <dd><code><xsl:value-of select="@file"/></code> (<xsl:value-of select="@kind"/>)<xsl:if test="@exported">, <xsl:call-template name="t"><xsl:with-param name="k" select="'exported'"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="@exported"/></xsl:if><br/>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'sha256'"/></xsl:call-template><xsl:text> </xsl:text><code class="hash"><xsl:choose><xsl:when test="@sha256"><xsl:value-of select="@sha256"/></xsl:when><xsl:otherwise>-</xsl:otherwise></xsl:choose></code></dd>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>

  <xsl:template match="rules">
    <section id="rules" class="appendix">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'rules-appendix'"/></xsl:call-template></h2>
      <dl class="rules">
        <xsl:for-each select="rule">
          <dt id="rule-{@id}"><span class="badge sev-{@severity}"><xsl:value-of select="/report/summary/severity[@id = current()/@severity]/@label"/><xsl:if test="not(/report/summary/severity[@id = current()/@severity])"><xsl:value-of select="@severity"/></xsl:if></span>
            <xsl:text> </xsl:text><xsl:value-of select="@title"/></dt>
          <dd><p><xsl:value-of select="description"/></p>
            <p class="remedy"><strong><xsl:call-template name="t"><xsl:with-param name="k" select="'remedy'"/></xsl:call-template>:</strong>
              <xsl:text> </xsl:text><xsl:value-of select="remedy"/> <span class="sub"><xsl:value-of select="@step-label"/></span></p></dd>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>
</xsl:stylesheet>
