<p class="formats">本页数据：<a class="json" href="{{json_url}}" type="application/json">JSON</a>
 · <a class="csv" href="{{files('csv')}}" type="text/csv" download>CSV</a>
 · <a class="xlsx" href="{{files('xlsx')}}" type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" download>Excel</a>
% if defined('word') and word:
 · <a class="docx" href="{{files('docx')}}" type="application/vnd.openxmlformats-officedocument.wordprocessingml.document" download>Word 台账</a>
% end
% if defined('feed_url'):
 · <a class="feed" href="{{feed_url}}">订阅（Atom）</a>
% end
</p>
