% rebase('base.tpl', title=('“%s” 的检索结果' % query) if query else '检索', query=query, section='search', hidden=[(k, v) for k, v in links.pairs if k not in ('q', 'page')], feed=links.at('/feed.atom', 'page', 'sort', 'format'))
% if error:
<p class="notice error" role="alert">{{error}}</p>
% if chips:
<div class="chips">
  % for chip in chips:
  <a class="chip" href="{{chip.url}}" title="去掉这个筛选">{{chip.label}} <span aria-hidden="true">×</span></a>
  % end
</div>
% end
<p class="hint">查询语法：空格分隔的词语全部须出现；"引号"内为短语；<code>A OR B</code> 任一；<code>-词</code> 排除；<code>title:</code> 标题、<code>unit:</code> 单位、<code>person:</code> 人物、<code>docno:</code> 发文字号、<code>cites:</code> 引用此文号的文章。</p>
% else:
<div class="layout">
  <input type="checkbox" id="show-filters" class="filters-switch" aria-label="显示筛选">
  <label for="show-filters" class="filters-toggle" aria-controls="filters">筛选{{'（已选 %d 项）' % len(chips) if chips else ''}}</label>
  <aside class="sidebar" id="filters" aria-label="筛选">
    % include('_facets.tpl')
  </aside>
  <section class="results">
    <div class="summary">
      <p class="total">共 <strong>{{result['total']}}</strong> 条结果{{'（第 %d / %d 页）' % (pager.page, pager.pages) if result['total'] else ''}}</p>
      <div class="tools">
        <span class="sorts">排序：
        % for label, url, on in sorts:
          % if on:
          <strong class="sort on">{{label}}</strong>
          % else:
          <a class="sort" href="{{url}}">{{label}}</a>
          % end
        % end
        </span>
      </div>
    </div>
    % include('_formats.tpl', json_url=links.at('/api/search'), files=links.as_file, feed_url=links.at('/feed', 'page', 'sort'))
    % if chips:
    <div class="chips" aria-label="已选筛选">
      % for chip in chips:
      <a class="chip" href="{{chip.url}}" title="去掉这个筛选">{{chip.label}} <span aria-hidden="true">×</span></a>
      % end
      % if len(chips) > 1:
      <a class="chip clear" href="{{clear_all}}">清除全部</a>
      % end
    </div>
    % end
    % if chart:
    % include('_histogram.tpl')
    % end
    % if result['hits']:
    % include('_hits.tpl')
    % include('_pager.tpl')
    % elif result['total']:
    <p class="notice">这一页没有结果了。<a href="{{links.setting('page', '')}}">回到第一页</a></p>
    % elif result.get('notice'):
    <div class="empty">
      <p class="notice" role="status">{{result['notice']}}</p>
    </div>
    % else:
    <div class="empty">
      <p class="notice">没有找到符合条件的文章。</p>
      % if chips:
      <ul class="exits">
        % for chip in chips:
        <li><a href="{{chip.url}}">去掉“{{chip.label}}”再试</a></li>
        % end
        % if len(chips) > 1:
        <li><a href="{{clear_all}}">去掉全部筛选再试</a></li>
        % end
      </ul>
      % elif query:
      <p class="hint">换一个说法，或减少查询词试试。短语须原样出现在文中。</p>
      % end
    </div>
    % end
  </section>
</div>
% end
