from setuptools import find_packages, setup

setup(
    name="jianbao",
    version="0.1.0",
    description="简报检索：工作简报与新闻报道的全文检索服务",
    python_requires=">=3.11",
    packages=find_packages(include=["indexer", "indexer.*", "search_app", "search_app.*", "jianbao", "jianbao.*"]),
    package_data={
        "indexer": ["data/*"],
        "search_app": ["templates/*", "static/*"],
    },
    install_requires=[
        "whoosh-reloaded==2.7.5",  # imports as whoosh; see README design notes
        "jieba==0.42.1",
        "pypdf>=5.1,<8",
        "pypdfium2>=4.30,<6",
        "rapidocr==3.10.0",  # offline OCR, PP-OCR models inside the wheel
        "onnxruntime>=1.18,<2",
        "beautifulsoup4>=4.12,<5",
        "python-docx>=1.1,<2",
        "charset-normalizer>=3.3,<4",
        "cn2an>=0.5.22,<0.6",
        "bottle>=0.13,<0.14",
        "waitress>=3.0,<4",
        "tqdm>=4.66,<5",
    ],
    extras_require={
        "demo": ["reportlab>=4.2,<5"],
        "test": ["reportlab>=4.2,<5", "pytest>=8,<10", "hypothesis>=6.100,<7", "playwright>=1.45,<2"],
    },
    entry_points={"console_scripts": ["jianbao=jianbao.cli:main"]},
)
