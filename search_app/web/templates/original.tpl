% rebase('base.tpl', title='原文 · ' + record['title'], query=query, section='search')
<section class="original-page">
  <p class="crumbs"><a class="back" href="{{article_link}}">‹ 返回文章</a> · <a class="back-results" href="{{back[1]}}">{{back[0]}}</a></p>
  <h1>原文：{{record['title']}}</h1>
  <div class="original-tools">
    <span class="file">{{source_name}}</span>
    % if pdf:
    <nav class="pager page-nav" aria-label="原件翻页">
      % if number > 1:
      <a rel="prev" href="{{page_link(number - 1)}}">‹ 上一页</a>
      % end
      <strong class="current" aria-current="page">第 {{number}} / {{pages}} 页</strong>
      % if number < pages:
      <a rel="next" href="{{page_link(number + 1)}}">下一页 ›</a>
      % end
    </nav>
    % end
    <a class="button secondary" href="{{source_url(record['id'])}}">下载原件</a>
  </div>
  % if passages:
  % if (pdf and boxes) or (not pdf and any('<mark>' in p for p in paragraphs)):
  <p class="hint found">已用黄色标出{{'：' if not pdf or how != 'none' else ''}}<mark class="shown">{{passages[0] if not pdf or how != 'none' else ''}}</mark>{{'（扫描页，位置来自文字识别）' if pdf and how == 'ocr' else ''}}</p>
  % else:
  <p class="notice">本页未找到要标出的文字{{'，可翻页查看' if pdf else ''}}。</p>
  % end
  % end
  % if pdf:
  <div class="page-image">
    <img src="{{image}}" alt="原件第 {{number}} 页的图像：{{record['title']}}" width="1190">
    % for box in boxes:
    <span class="hl" style="left: {{'%.3f' % (box.left * 100)}}%; top: {{'%.3f' % (box.top * 100)}}%; width: {{'%.3f' % (box.width * 100)}}%; height: {{'%.3f' % (box.height * 100)}}%"></span>
    % end
  </div>
  % else:
  <div class="extracted">
    % seen = False
    % for paragraph in paragraphs:
    % first = '<mark>' in paragraph and not seen
    % seen = seen or first
    <p{{!' id="passage"' if first else ''}}>{{!paragraph}}</p>
    % end
  </div>
  % end
</section>
