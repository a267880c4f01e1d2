FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# plotly.js for the live view, served by Streamlit's static serving (the app would copy it at start otherwise)
RUN python -c "import pathlib, plotly, shutil; d = pathlib.Path('static'); d.mkdir(exist_ok=True); shutil.copyfile(pathlib.Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js', d / 'plotly.min.js')"
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health')"
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
